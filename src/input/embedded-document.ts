/**
 * Documents that arrive inside strings: a policy as a JSON string, or URL-encoded as the IAM API returns it
 * (interface.md section 3; GetAccountAuthorizationDetails returns policies "URL-encoded compliant with RFC 3986").
 * The decoded document keeps pointers continuing the outer one, so errors name the outer place and the inner path.
 */
import { followFileRefs, type Located } from './file-refs.js';
import { describeValue } from './read-value.js';
import { SourceText } from './source-text.js';
import type { Where } from './where.js';

/** The document at `where`: an object as is, a `$file` reference's content, or the JSON held in a string. */
export function readDocumentValue(value: unknown, where: Where, what: string): Located {
  const direct = followFileRefs(value, where);
  if (typeof direct.value !== 'string') return direct;
  const text = decodeDocumentString(direct.value, direct.where, what);
  const inner = SourceText.parse(direct.where.file, text, (position, problem) =>
    direct.where.error(`${what} string is not valid JSON: ${problem} (inside the string, line ${position.line}, column ${position.column})`),
  );
  if (typeof inner.value !== 'object' || inner.value === null) {
    throw direct.where.error(`expected ${what} in the string, found ${describeValue(inner.value)}`);
  }
  return { value: inner.value, where: direct.where.embedded(inner, 'inside the document string') };
}

function decodeDocumentString(text: string, where: Where, what: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return text;
  if (/^%7B/i.test(trimmed)) {
    try {
      // decodeURIComponent, not form decoding: RFC 3986 encodes a space as %20, and a literal "+" stays "+".
      return decodeURIComponent(trimmed);
    } catch {
      throw where.error(`${what} string looks URL-encoded but is not valid URL encoding (a "%" not followed by two hex digits?)`);
    }
  }
  throw where.error(
    `expected ${what}: an object, a JSON string or a URL-encoded JSON string, found ${describeValue(text)}`,
  );
}

/**
 * `{ "$file": "relative/path.json" }` stands for the content of another file, anywhere a document or an AWS CLI
 * output is expected (interface.md section 3). The path is relative to the file holding the reference; problems
 * inside the referenced file are reported with that file's own line:column.
 */
import { dirname, join, resolve } from 'node:path';
import { isPlainObject, readNonEmptyString } from './read-value.js';
import { SourceText } from './source-text.js';
import { Where } from './where.js';

export interface Located<T = unknown> {
  value: T;
  where: Where;
}

const FILE_KEY = '$file';

/** The value itself, or, for a `$file` reference (possibly a chain of them), the content of the referenced file. */
export function followFileRefs(value: unknown, where: Where): Located {
  let current: Located = { value, where };
  while (isPlainObject(current.value) && Object.hasOwn(current.value, FILE_KEY)) {
    current = loadReferencedFile(current.value, current.where);
  }
  return current;
}

function loadReferencedFile(reference: Record<string, unknown>, where: Where): Located {
  const extra = Object.keys(reference).find((k) => k !== FILE_KEY);
  if (extra !== undefined) {
    throw where.at(extra).keyError(`a "$file" reference takes no other field, found "${extra}"`);
  }
  const refWhere = where.at(FILE_KEY);
  const relative = readNonEmptyString(reference[FILE_KEY], refWhere, 'a path relative to this file');
  const target = join(dirname(where.file), relative);
  const seen = where.fileChain.map((f) => resolve(f));
  if (seen.includes(resolve(target))) {
    throw refWhere.error(`"$file" references form a cycle: ${[...where.fileChain, target].join(' -> ')}`);
  }
  const text = SourceText.read(target, (problem) => refWhere.error(problem));
  return { value: text.value, where: Where.ofFile(text, [...where.fileChain, target], where.warnings) };
}

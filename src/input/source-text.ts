/**
 * The text of one input (a file, or a JSON document held in a string) parsed once, keeping the syntax tree so that
 * any JSON pointer into it can be turned into a line:column. Duplicate keys are rejected: a policy with two
 * `Effect` keys must not be read silently. JSON text is read with jsonc-parser, about three times faster than the
 * YAML parser on large AWS exports; YAML (and JSON that does not parse, for its located syntax error) with `yaml`.
 */
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Tags } from 'yaml';
import { InputError } from '../errors.js';
import { readInputFile, UnreadableFile } from './input-file.js';
import { parsePointer } from './pointer.js';

export interface Position {
  line: number;
  column: number;
}

/** Parse problems as the YAML parser names them, said the way a user reads them. */
const syntaxProblem: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate key: each key may appear only once in an object',
  MULTIPLE_DOCS: 'more than one YAML document: a file holds exactly one',
};

/**
 * The deepest nesting of brackets read: deeper documents are refused before parsing, as the parsers (and the readers
 * after them) recurse once per level. No policy or AWS export comes near it.
 */
export const MAX_NESTING = 256;

/**
 * The offset of the first bracket past MAX_NESTING levels, counting `[` and `{` outside quoted strings (JSON, and
 * YAML's flow style), or undefined. Linear in the text.
 */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || (c === "'" && /[\s\[{,:]/.test(text[i - 1] ?? ' '))) {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i;
    } else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      // A YAML comment runs to the end of its line (JSON has no '#' outside strings).
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    }
  }
  return undefined;
}

/** Escapes control characters of a parser's message, and keeps it short: it may quote the input. */
function cleanMessage(message: string): string {
  const line = message.split('\n')[0]!;
  const escaped = line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 160 ? `${escaped.slice(0, 157)}...` : escaped;
}

/** Where each line starts, to turn an offset into line:column. */
class LineStarts {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid; else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}

/** A JSON tree, or undefined when the text is not plain JSON (then the YAML parser reads it). */
function jsonTree(text: string): JsonNode | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors.length === 0 ? root : undefined;
}

/** The first duplicate key of any object of the tree, by the key node. */
function firstDuplicateKey(node: JsonNode): JsonNode | undefined {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const key = property.children?.[0];
      if (!key) continue;
      if (seen.has(key.value as string)) return key;
      seen.add(key.value as string);
    }
  }
  for (const child of node.children ?? []) {
    const found = firstDuplicateKey(child);
    if (found) return found;
  }
  return undefined;
}

export class SourceText {
  private constructor(
    /** The file the text came from (or that holds the string it came from). */
    readonly file: string,
    /** The plain value: objects, arrays, strings, numbers, booleans and null. */
    readonly value: unknown,
    private readonly locate: (pointer: string, atKey: boolean) => Position | undefined,
    /** The whole text is one quoted string (not plain text that YAML reads as a string). */
    readonly quotedString = false,
  ) {}

  /**
   * Parses JSON or YAML. Syntax errors become an InputError at the problem's line:column; `describe` turns a
   * position of this text into the location reported (the default: this file at that position).
   */
  static parse(
    file: string,
    text: string,
    fail: (position: Position, problem: string) => InputError = (position, problem) =>
      new InputError({ file, pointer: '', ...position }, problem),
    /** YAML tags beyond the core schema (CloudFormation's short-form intrinsics, `!Ref`). */
    yamlTags?: Tags,
  ): SourceText {
    const deep = tooDeepAt(text);
    if (deep !== undefined) throw fail(new LineStarts(text).position(deep), `nesting too deep: more than ${MAX_NESTING} levels of brackets`);
    try {
      return SourceText.parseText(file, text, fail, yamlTags);
    } catch (e) {
      // Nesting the bracket count does not see (YAML's indentation) can still exhaust the parser's stack.
      if (e instanceof RangeError) throw fail({ line: 1, column: 1 }, 'nesting too deep: the document cannot be read');
      throw e;
    }
  }

  private static parseText(file: string, text: string, fail: (position: Position, problem: string) => InputError, yamlTags?: Tags): SourceText {
    const json = jsonTree(text);
    if (json) return SourceText.fromJson(file, text, json, fail);
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, ...(yamlTags ? { customTags: yamlTags } : {}) });
    const first = document.errors[0];
    if (first) {
      const { line, col } = lines.linePos(first.pos[0]);
      const problem = syntaxProblem[first.code] ?? `syntax error: ${cleanMessage(first.message)}`;
      throw fail({ line, column: col }, problem);
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // toJS throws on alias bombs and unresolvable aliases, both bad input.
      if (e instanceof RangeError) throw e;
      throw fail({ line: 1, column: 1 }, `cannot read the document: ${cleanMessage((e as Error).message)}`);
    }
    const quoted = isScalar(document.contents) && (document.contents.type === 'QUOTE_DOUBLE' || document.contents.type === 'QUOTE_SINGLE');
    return new SourceText(file, value, (pointer, atKey) => yamlPosition(document, lines, pointer, atKey), quoted);
  }

  private static fromJson(file: string, text: string, root: JsonNode, fail: (position: Position, problem: string) => InputError): SourceText {
    const lines = new LineStarts(text);
    const duplicate = firstDuplicateKey(root);
    if (duplicate) throw fail(lines.position(duplicate.offset), syntaxProblem.DUPLICATE_KEY!);
    return new SourceText(file, JSON.parse(text), (pointer, atKey) => jsonPosition(root, lines, pointer, atKey));
  }

  /**
   * Reads and parses a file; a missing or unreadable file is bad input, not a crash. `unreadable` places the
   * error (by default it has no location: the file itself is what is missing).
   */
  static read(
    file: string,
    unreadable: (problem: string) => InputError = (problem) => new InputError(undefined, problem),
    yamlTags?: Tags,
  ): SourceText {
    let text: string;
    try {
      text = readInputFile(file);
    } catch (e) {
      if (!(e instanceof UnreadableFile)) throw e;
      throw unreadable(`cannot read ${file}: ${e.message}`);
    }
    return SourceText.parse(file, text, undefined, yamlTags);
  }

  /**
   * The line:column of the node a pointer names (its key when `atKey` and the last step is an object member).
   * A pointer that leaves the tree resolves to the deepest node it reached.
   */
  positionOf(pointer: string, atKey = false): Position | undefined {
    return this.locate(pointer, atKey);
  }
}

function jsonPosition(root: JsonNode, lines: LineStarts, pointer: string, atKey: boolean): Position | undefined {
  let node = root;
  let keyNode: JsonNode | undefined;
  for (const segment of parsePointer(pointer)) {
    keyNode = undefined;
    let next: JsonNode | undefined;
    if (node.type === 'object') {
      const property = node.children?.find((p) => p.children?.[0]?.value === segment);
      next = property?.children?.[1];
      keyNode = property?.children?.[0];
    } else if (node.type === 'array' && /^\d+$/.test(segment)) {
      next = node.children?.[Number(segment)];
    }
    if (!next) break;
    node = next;
  }
  return lines.position(((atKey && keyNode) || node).offset);
}

function yamlPosition(document: Document, lines: LineCounter, pointer: string, atKey: boolean): Position | undefined {
  let node: unknown = document.contents;
  let keyNode: unknown;
  for (const segment of parsePointer(pointer)) {
    keyNode = undefined;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === segment);
      if (pair) {
        next = pair.value;
        keyNode = pair.key;
      }
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      next = node.items[Number(segment)];
    }
    if (next === undefined || next === null) break;
    node = next;
  }
  const chosen = (atKey && keyNode) || node;
  const range = (chosen as Node | null)?.range;
  if (!range) return undefined;
  const { line, col } = lines.linePos(range[0]);
  return { line, column: col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

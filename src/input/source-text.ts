/**
 * The text of one input (a file, or a JSON document held in a string) parsed once, keeping the syntax tree so that
 * any JSON pointer into it can be turned into a line:column. Duplicate keys are rejected: a policy with two
 * `Effect` keys must not be read silently. JSON text is read with jsonc-parser, about three times faster than the
 * YAML parser on large AWS exports; YAML (and JSON that does not parse, for its located syntax error) with `yaml`.
 */
import { readFileSync } from 'node:fs';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from '../errors.js';
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
  ): SourceText {
    const json = jsonTree(text);
    if (json) return SourceText.fromJson(file, text, json, fail);
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const first = document.errors[0];
    if (first) {
      const { line, col } = lines.linePos(first.pos[0]);
      const problem = syntaxProblem[first.code] ?? `syntax error: ${first.message.split('\n')[0]}`;
      throw fail({ line, column: col }, problem);
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // toJS throws on alias bombs and unresolvable aliases, both bad input.
      throw fail({ line: 1, column: 1 }, `cannot read the document: ${(e as Error).message}`);
    }
    return new SourceText(file, value, (pointer, atKey) => yamlPosition(document, lines, pointer, atKey));
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
  ): SourceText {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw unreadable(`cannot read ${file}: ${describeFsError(e)}`);
    }
    return SourceText.parse(file, text);
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

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (e as Error).message ?? String(e);
}

/**
 * The text of one input (a file, or a JSON document held in a string) parsed once, keeping the syntax tree so that
 * any JSON pointer into it can be turned into a line:column. JSON is read through the YAML parser (YAML 1.2 is a
 * superset of JSON), which also rejects duplicate keys: a policy with two `Effect` keys must not be read silently.
 */
import { readFileSync } from 'node:fs';
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

export class SourceText {
  private constructor(
    /** The file the text came from (or that holds the string it came from). */
    readonly file: string,
    /** The plain value: objects, arrays, strings, numbers, booleans and null. */
    readonly value: unknown,
    private readonly document: Document,
    private readonly lines: LineCounter,
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
    return new SourceText(file, value, document, lines);
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
    let node: unknown = this.document.contents;
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
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }
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

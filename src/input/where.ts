/**
 * A place in the input: which file, which JSON pointer, and how to find its line:column. Every value read from the
 * input travels with its Where, so that any problem found later is reported at the right place.
 */
import { InputError, type InputWarning, type SourceLocation } from '../errors.js';
import { appendPointer } from './pointer.js';
import type { Position, SourceText } from './source-text.js';

/** The plain shape callers outside the loader may pass: a file, a pointer and, optionally, a way to locate it. */
export interface Origin {
  file: string;
  pointer: string;
  locate?: (pointer: string) => Position | undefined;
}

interface Resolved {
  position?: Position;
  /** Extra words for a place inside a document held in a string, whose own line:column is not the file's. */
  note?: string;
}

type Resolver = (pointer: string, atKey: boolean) => Resolved;

export class Where {
  private constructor(
    readonly file: string,
    readonly pointer: string,
    private readonly resolver: Resolver,
    /** Files that led here through `$file` references, outermost first, this file last (cycle detection). */
    readonly fileChain: readonly string[],
    /** Shared by every Where of one load: the warnings found so far (see InputWarning). */
    readonly warnings: InputWarning[],
    /** Directories `$file` references may read from besides the world's own (`--allow-file-root`). */
    readonly fileRoots: readonly string[] = [],
  ) {}

  /** The root of a parsed file. */
  static ofFile(text: SourceText, fileChain: readonly string[] = [text.file], warnings: InputWarning[] = [], fileRoots: readonly string[] = []): Where {
    return new Where(text.file, '', (pointer, atKey) => ({ position: text.positionOf(pointer, atKey) }), fileChain, warnings, fileRoots);
  }

  static from(origin: Origin | Where): Where {
    if (origin instanceof Where) return origin;
    const locate = origin.locate;
    return new Where(origin.file, origin.pointer, (pointer) => ({ position: locate?.(pointer) }), [origin.file], []);
  }

  /** The place of a member (string) or an array item (number) of the value here. */
  at(...segments: (string | number)[]): Where {
    const pointer = segments.reduce<string>((p, s) => appendPointer(p, s), this.pointer);
    return new Where(this.file, pointer, this.resolver, this.fileChain, this.warnings, this.fileRoots);
  }

  /**
   * The root of a document decoded from the string value here. Its pointers continue this one; its positions
   * are the string's (the file has no line:column for what is inside a string) plus a note of the inner position.
   */
  embedded(inner: SourceText, label: string): Where {
    const base = this.pointer;
    const outer = this.resolver;
    const resolver: Resolver = (pointer, atKey) => {
      const around = outer(base, false);
      const innerPosition = inner.positionOf(pointer.slice(base.length), atKey);
      const here = innerPosition ? `${label}, line ${innerPosition.line}, column ${innerPosition.column}` : label;
      return { position: around.position, note: around.note ? `${around.note}; ${here}` : here };
    };
    return new Where(this.file, this.pointer, resolver, this.fileChain, this.warnings, this.fileRoots);
  }

  /** Records a warning here (AWS accepts what is here, but keyproof reads it with a caveat); loading goes on. */
  warn(message: string): void {
    const { note } = this.resolver(this.pointer, false);
    this.warnings.push({ location: this.location(), message: note ? `${message} (${note})` : message });
  }

  location(): SourceLocation {
    return this.locationOf(false);
  }

  /** An InputError here, saying what was expected. */
  error(expected: string): InputError {
    return this.errorOf(false, expected);
  }

  /** An InputError pointing at this member's key rather than its value (unknown or misspelled names). */
  keyError(expected: string): InputError {
    return this.errorOf(true, expected);
  }

  private errorOf(atKey: boolean, expected: string): InputError {
    const { note } = this.resolver(this.pointer, atKey);
    return new InputError(this.locationOf(atKey), note ? `${expected} (${note})` : expected);
  }

  private locationOf(atKey: boolean): SourceLocation {
    const { position } = this.resolver(this.pointer, atKey);
    return position
      ? { file: this.file, pointer: this.pointer, line: position.line, column: position.column }
      : { file: this.file, pointer: this.pointer };
  }
}

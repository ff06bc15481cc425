/**
 * The two kinds of failure a user can meet. Bad input (exit 2) names the file, the place and what was expected;
 * an internal error (exit 3) is a bug in keyproof and asks to be reported. Nothing else escapes to the user.
 */

/** A place in an input file: a JSON pointer, and line:column when the source text is known. */
export interface SourceLocation {
  file: string;
  /** RFC 6901 JSON pointer into the file's document, e.g. `/keys/0/policy/Statement/2/Effect`. */
  pointer: string;
  line?: number;
  column?: number;
}

export function formatLocation(loc: SourceLocation): string {
  const lc = loc.line !== undefined ? `:${loc.line}:${loc.column ?? 1}` : '';
  const ptr = loc.pointer === '' ? '' : ` (at ${loc.pointer})`;
  return `${loc.file}${lc}${ptr}`;
}

/**
 * Something the input holds that AWS itself accepts and stores, but that keyproof reads with a caveat (an action
 * name no service defines, a statement that can match nothing). Loading goes on; commands print it on stderr.
 */
export interface InputWarning {
  location: SourceLocation;
  message: string;
}

/** Bad usage or bad input: the CLI prints the message and exits with status 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly location: SourceLocation | undefined,
    readonly expected: string,
  ) {
    super(location ? `${formatLocation(location)}: ${expected}` : expected);
  }
}

/** A bug in keyproof: the CLI prints the message, asks for a report and exits with status 3. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/**
 * Where a command writes: stdout, stderr, or a file (`--out`), written whole only after the answer is complete,
 * so a failure never leaves a partial file. Tests pass their own Output to capture what a command prints.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { packageVersion } from '../package-version.js';

export class Output {
  exitCode = 0;
  readonly version = packageVersion();
  /** Colour text output only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
  readonly colors: boolean = process.stdout.isTTY === true && !process.env.NO_COLOR;

  stdout(text: string): void {
    process.stdout.write(text);
  }

  stderr(text: string): void {
    process.stderr.write(text);
  }

  /** Writes the result to `--out FILE` (atomically, through a temporary file) or to stdout. */
  result(text: string, outFile?: string): void {
    if (!outFile) return this.stdout(text);
    const temporary = `${outFile}.keyproof-${process.pid}.tmp`;
    try {
      writeFileSync(temporary, text);
      renameSync(temporary, outFile);
    } catch (error) {
      throw new InputError(undefined, `--out ${outFile}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
}

/** An Output that keeps what a command prints, for tests. */
export class CapturedOutput extends Output {
  override readonly colors = false;
  out = '';
  err = '';
  override stdout(text: string): void { this.out += text; }
  override stderr(text: string): void { this.err += text; }
}

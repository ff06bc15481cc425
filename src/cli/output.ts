/**
 * Where a command writes: stdout, stderr, or a file (`--out`), written whole only after the answer is complete,
 * so a failure never leaves a partial file. Tests pass their own Output to capture what a command prints.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';

function packageVersion(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    try {
      return (JSON.parse(readFileSync(join(here, up, 'package.json'), 'utf8')) as { version: string }).version;
    } catch { /* try the next place: src/ when run from source, dist/src/ when built */ }
  }
  return 'unknown';
}

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

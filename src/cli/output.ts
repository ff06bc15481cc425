/**
 * Where a command writes: stdout, stderr, or a file (`--out`), written whole only after the answer is complete,
 * so a failure never leaves a partial file. Tests pass their own Output to capture what a command prints.
 *
 * Text from the input (Sids, names, error messages quoting a value) may hold control characters: written raw, ESC
 * sequences would clear the screen or set the window title of whoever reads the output or the CI log. Everything
 * written goes through `escapeControls` here, once for all commands (JSON output is already escaped).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { packageVersion } from '../package-files.js';

/** keyproof's own colours (picocolors' SGR sequences), the only escape sequences let through, and only to a terminal. */
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * Control characters as `\u001b`-style escapes, except newline and tab (C0, DEL, C1: 0x9b starts a control
 * sequence on some terminals). With `keepColours`, SGR colour sequences stay.
 */
export function escapeControls(text: string, keepColours = false): string {
  let result = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const control = (code < 0x20 && code !== 0x0a && code !== 0x09) || (code >= 0x7f && code <= 0x9f);
    if (!control) { result += text[i]; continue; }
    if (keepColours && code === 0x1b) {
      SGR.lastIndex = i;
      const match = SGR.exec(text);
      if (match) { result += match[0]; i += match[0].length - 1; continue; }
    }
    result += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return result;
}

/** The file an `--out` path names in the end (through symbolic links), or the path itself when it does not exist yet. */
function finalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export class Output {
  exitCode = 0;
  /** The files the command reads (the world), which `--out` must not overwrite. */
  private readonly inputs = new Set<string>();
  readonly version = packageVersion();
  /** Colour text output only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
  readonly colors: boolean = process.stdout.isTTY === true && !process.env.NO_COLOR;

  stdout(text: string): void {
    this.writeStdout(escapeControls(text, this.colors));
  }

  stderr(text: string): void {
    this.writeStderr(escapeControls(text));
  }

  protected writeStdout(text: string): void {
    process.stdout.write(text);
  }

  protected writeStderr(text: string): void {
    process.stderr.write(text);
  }

  /** Records a file the command reads: `--out` may not name it. */
  noteInput(path: string): void {
    this.inputs.add(finalPath(path));
  }

  /** The file `--out` will write, after checking that it may: a regular file or none yet, and not an input. */
  checkOut(outFile: string): string {
    const target = finalPath(outFile);
    const refuse = (why: string) => new InputError(undefined, `--out ${escapeControls(outFile)}: ${why}`);
    if (this.inputs.has(target)) throw refuse('it is an input file of this command; choose another file');
    try {
      if (!statSync(target).isFile()) throw refuse('it exists and is not a regular file (a device, a directory or a pipe); only regular files are written');
    } catch (error) {
      if (error instanceof InputError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse(`cannot write the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    return target;
  }

  /**
   * Writes the result to `--out FILE` or to stdout. The file is written whole or not at all: through a temporary
   * file in the same directory, renamed over the target, and removed on any failure. Only a regular file is
   * written: a device, a directory or a pipe is refused (renaming over /dev/full as root would replace the device),
   * and so is a file the command reads.
   */
  result(text: string, outFile?: string): void {
    if (!outFile) return this.stdout(text);
    const target = this.checkOut(outFile);
    const refuse = (why: string) => new InputError(undefined, `--out ${escapeControls(outFile)}: ${why}`);
    const temporary = join(dirname(target), `.${basename(target)}.keyproof-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    let created = false;
    try {
      // 'wx': a file (or link) already at the temporary name is an error, never followed nor removed.
      const fd = openSync(temporary, 'wx', 0o644);
      created = true;
      try {
        writeFileSync(fd, escapeControls(text));
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, target);
    } catch (error) {
      if (created) removeQuietly(temporary);
      throw refuse(`cannot write the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch { /* already gone */ }
}

/** An Output that keeps what a command prints, for tests. */
export class CapturedOutput extends Output {
  override readonly colors = false;
  out = '';
  err = '';
  protected override writeStdout(text: string): void { this.out += text; }
  protected override writeStderr(text: string): void { this.err += text; }
}

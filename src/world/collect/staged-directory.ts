/**
 * The output directory, replaced as a whole. Files are written into a fresh sibling directory (`DIR.tmp-...`),
 * each one atomically (a temporary file, then a rename); only when the collection is complete is the staged
 * directory renamed into place, and the previous one removed. An interrupted collection therefore leaves the
 * previous world as it was (and, at worst, a `DIR.tmp-...` directory to delete). Only a directory that a
 * collection wrote (it holds the marker file) or an empty one is ever replaced.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../../errors.js';

/** Present in every directory `keyproof collect` writes: what it is, and which version wrote it. */
export const COLLECT_MARKER = '.keyproof-collect.json';

/** A path segment made from an identifier AWS returned: checked, so no response can write outside the directory. */
const SAFE_SEGMENT = /^\.?[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class StagedDirectory {
  readonly staging: string;
  private committed = false;

  constructor(readonly target: string) {
    checkReplaceable(target);
    const parent = dirname(resolve(target));
    mkdirSync(parent, { recursive: true });
    this.staging = join(parent, `${basename(resolve(target))}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(this.staging);
  }

  /** Writes `content` at `segments` (each checked) inside the staged directory; returns the relative path, with `/`. */
  write(segments: readonly string[], content: string): string {
    for (const segment of segments) {
      if (!SAFE_SEGMENT.test(segment)) throw new Error(`refusing to write a file named from the unexpected identifier "${segment}"`);
    }
    const file = join(this.staging, ...segments);
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.tmp-${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, content, { encoding: 'utf8', mode: 0o644 });
    renameSync(temporary, file);
    return segments.join('/');
  }

  /** Puts the staged directory in place of the target; the previous target is removed once the new one is there. */
  commit(): void {
    if (this.committed) return;
    const target = resolve(this.target);
    let previous: string | undefined;
    if (existsSync(target)) {
      previous = `${target}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
      renameSync(target, previous);
    }
    renameSync(this.staging, target);
    this.committed = true;
    if (previous !== undefined) rmSync(previous, { recursive: true, force: true });
  }

  /** Removes the staged directory (a failed or abandoned collection); the target is untouched. */
  abandon(): void {
    if (!this.committed) rmSync(this.staging, { recursive: true, force: true });
  }
}

/** The target may be absent, an empty directory, or a directory a collection wrote: never anything else. */
function checkReplaceable(target: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) {
    throw new InputError(undefined, `--out ${target}: it exists and is not a directory; give a new directory, or one that keyproof collect wrote`);
  }
  const entries = readdirSync(target);
  if (entries.length > 0 && !entries.includes(COLLECT_MARKER)) {
    throw new InputError(undefined, `--out ${target}: refusing to replace a directory that keyproof collect did not write (it has no ${COLLECT_MARKER}); give a new or empty directory`);
  }
}

/**
 * A parsed-world cache (issue 14.6): loading a world of 5,000 principals parses some 1,500 files with positions for
 * every statement (seconds); reading the loaded model back with v8's deserializer is far cheaper. An entry holds
 * the model and the SHA-256 of every file the load read; it is used only when every one of those files still has
 * the same content, and when keyproof is the same build (its version and this module's compiled file's
 * modification time, which every build rewrites). Only world files (with their `$file` references) are cached:
 * an iam-collect store is a directory whose listing matters, and `--supplement` mixes two.
 *
 * Entries are written atomically (a temporary file renamed); an entry that cannot be read is ignored and written
 * again. Enabled by KEYPROOF_WORLD_CACHE=DIR (README, "Cold start").
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { recordingReads } from '../input/input-file.js';
import { packageVersion } from '../package-files.js';
import type { World } from './model.js';

interface Entry {
  build: string;
  files: Array<[string, string]>;
  world: World;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function buildId(): string {
  const self = fileURLToPath(import.meta.url);
  return `${packageVersion()} ${statSync(self).mtimeMs}`;
}

/** Whether every file the entry's load read still has the content it had. */
function unchanged(files: ReadonlyArray<[string, string]>): boolean {
  for (const [file, hash] of files) {
    let bytes: Buffer;
    try { bytes = readFileSync(file); } catch { return false; }
    if (sha256(bytes) !== hash) return false;
  }
  return true;
}

/**
 * The world at `path`, from the cache in `dir` when its files are unchanged, else loaded by `load` (which must
 * read its files with readInputFile) and stored; with the files it was read from.
 */
export function cachedWorld(dir: string, path: string, load: () => World): { world: World; files: string[] } {
  const build = buildId();
  const file = join(dir, `world-${sha256(`${resolve(path)}\n${build}`)}.v8`);
  try {
    const entry = deserialize(readFileSync(file)) as Entry;
    if (entry.build === build && unchanged(entry.files)) return { world: entry.world, files: entry.files.map(([f]) => f) };
  } catch {
    // No entry, or one that cannot be read: load and write it again.
  }
  const files: Array<[string, string]> = [];
  const world = recordingReads((read, bytes) => files.push([resolve(read), sha256(bytes)]), load);
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize({ build, files, world } satisfies Entry));
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written only costs the next load its time.
  }
  return { world, files: files.map(([f]) => f) };
}

/**
 * Loading a world file (interface.md section 3), JSON or YAML, with `$file` references. Every problem is an
 * InputError naming the file, the place and what was expected.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readNativeWorld } from './native/world.js';
import type { World } from './model.js';
import { SourceText } from '../input/source-text.js';
import { Where } from '../input/where.js';

/** The file a world directory (as `keyproof collect` writes it) keeps its world in. */
export const WORLD_DIRECTORY_FILE = 'world.yaml';

/** Reads, validates and links the world at `path`: a world file, or a directory holding `world.yaml`. */
export function loadWorld(path: string): World {
  if (!isDirectory(path)) return worldOf(SourceText.read(path));
  const file = join(path, WORLD_DIRECTORY_FILE);
  if (!existsSync(file)) {
    throw new InputError(undefined, `cannot read ${path}: it is a directory without ${WORLD_DIRECTORY_FILE} (give a world file, or a directory written by keyproof collect)`);
  }
  return worldOf(SourceText.read(file));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // A missing path is reported by SourceText.read, naming it.
  }
}

/** The same from text already in memory; `file` names it in messages and anchors relative `$file` paths. */
export function parseWorld(text: string, file: string): World {
  return worldOf(SourceText.parse(file, text));
}

function worldOf(text: SourceText): World {
  return readNativeWorld(text.value, Where.ofFile(text));
}

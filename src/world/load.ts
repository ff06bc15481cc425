/**
 * Loading a world file (interface.md section 3), JSON or YAML, with `$file` references. Every problem is an
 * InputError naming the file, the place and what was expected.
 */
import { readNativeWorld } from './native/world.js';
import type { World } from './model.js';
import { SourceText } from '../input/source-text.js';
import { Where } from '../input/where.js';

/** Reads, validates and links the world at `path`. */
export function loadWorld(path: string): World {
  return worldOf(SourceText.read(path));
}

/** The same from text already in memory; `file` names it in messages and anchors relative `$file` paths. */
export function parseWorld(text: string, file: string): World {
  return worldOf(SourceText.parse(file, text));
}

function worldOf(text: SourceText): World {
  return readNativeWorld(text.value, Where.ofFile(text));
}

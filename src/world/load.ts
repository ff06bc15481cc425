/**
 * Loading a world file (interface.md section 3), JSON or YAML, with `$file` references. Every problem is an
 * InputError naming the file, the place and what was expected.
 */
import { readNativeWorld } from './native.js';
import type { World } from './model.js';
import { SourceText } from './source-text.js';
import { Where } from './where.js';

export interface LoadOptions {
  /**
   * Directories `$file` references may read from besides the world file's own directory tree (which is always
   * allowed; nothing else is).
   */
  fileRoots?: readonly string[];
}

/** Reads, validates and links the world at `path`. */
export function loadWorld(path: string, options: LoadOptions = {}): World {
  return worldOf(SourceText.read(path), options);
}

/** The same from text already in memory; `file` names it in messages and anchors relative `$file` paths. */
export function parseWorld(text: string, file: string, options: LoadOptions = {}): World {
  return worldOf(SourceText.parse(file, text), options);
}

function worldOf(text: SourceText, options: LoadOptions): World {
  return readNativeWorld(text.value, Where.ofFile(text, [text.file], [], options.fileRoots ?? []));
}

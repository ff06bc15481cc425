/**
 * Loading a world file (interface.md section 3), JSON or YAML, with `$file` references. Every problem is an
 * InputError naming the file, the place and what was expected.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readIamCollectStore } from './iam-collect/store.js';
import { isDirectory, isIamCollectStore } from './iam-collect/store-layout.js';
import { readNativeWorld } from './native/world.js';
import type { World } from './model.js';
import { SourceText } from '../input/source-text.js';
import { supplementWorld } from './supplement.js';
import { Where } from '../input/where.js';

export interface LoadOptions {
  /**
   * A world (file or directory) whose keys fill in what an iam-collect store lacks: grants, aliases, key state and
   * key metadata (src/world/supplement.ts). Only with an iam-collect store.
   */
  supplement?: string;
  /**
   * Directories `$file` references may read from besides the world file's own directory tree (which is always
   * allowed; nothing else is).
   */
  fileRoots?: readonly string[];
}

/**
 * Reads, validates and links the world at `path`: a world file, a directory holding `world.yaml` (as `keyproof
 * collect` writes it), or an iam-collect store (interface.md section 6).
 */
export function loadWorld(path: string, options: LoadOptions = {}): World {
  if (isIamCollectStore(path)) {
    const world = readIamCollectStore(path);
    return options.supplement === undefined ? world : supplementWorld(world, loadWorld(options.supplement, { ...(options.fileRoots ? { fileRoots: options.fileRoots } : {}) }));
  }
  if (options.supplement !== undefined) {
    throw new InputError(undefined, `--supplement fills in what an iam-collect store lacks, but ${path} is not an iam-collect store (aws/<partition>/accounts/)`);
  }
  if (isDirectory(path)) {
    const file = join(path, 'world.yaml');
    if (!existsSync(file)) {
      throw new InputError(undefined, `${path} is a directory, but neither a world directory (no world.yaml, as keyproof collect writes) nor an iam-collect store (no aws/<partition>/accounts/)`);
    }
    return worldOf(SourceText.read(file), options);
  }
  return worldOf(SourceText.read(path), options);
}

/** The same from text already in memory; `file` names it in messages and anchors relative `$file` paths. */
export function parseWorld(text: string, file: string, options: LoadOptions = {}): World {
  return worldOf(SourceText.parse(file, text), options);
}

function worldOf(text: SourceText, options: LoadOptions): World {
  return readNativeWorld(text.value, Where.ofFile(text, [text.file], [], options.fileRoots ?? []));
}

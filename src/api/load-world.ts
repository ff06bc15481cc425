/** `loadWorld` and `parseWorld` for the library: their arguments checked (src/api/arguments.ts), then the world read. */
import { loadWorld as readWorldFile, parseWorld as readWorldText } from '../world/load.js';
import type { World } from '../world/model.js';
import { stringArgument } from './arguments.js';

/** Reads, validates and links the world file (JSON or YAML) at `path`. */
export function loadWorld(path: string): World {
  return readWorldFile(stringArgument(path, 'loadWorld(path)'));
}

/** The same from text already in memory; `file` names it in messages and anchors relative `$file` paths. */
export function parseWorld(text: string, file: string): World {
  if (typeof text !== 'string') stringArgument(text, 'parseWorld(text)');
  return readWorldText(text, stringArgument(file, 'parseWorld(file)'));
}

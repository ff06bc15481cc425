/**
 * Loads the world a command names and prints its load warnings on stderr (what AWS accepts but keyproof reads
 * with a caveat). A long list is cut after WARNING_LIMIT lines, saying how many were left out.
 */
import { formatLocation } from '../errors.js';
import type { World } from '../world/model.js';
import { loadWorld } from '../world/load.js';
import type { Output } from './output.js';

const WARNING_LIMIT = 20;

/** `fileRoots`: directories besides the world's own that its `$file` references may read (`--allow-file-root`). */
export function openWorld(path: string, output: Output, fileRoots: readonly string[] = []): World {
  output.noteInput(path);
  const world = loadWorld(path, { fileRoots });
  const shown = world.warnings.slice(0, WARNING_LIMIT);
  for (const w of shown) output.stderr(`keyproof: warning: ${formatLocation(w.location)}: ${w.message}\n`);
  const hidden = world.warnings.length - shown.length;
  if (hidden > 0) output.stderr(`keyproof: warning: ${hidden} more warning${hidden === 1 ? '' : 's'} not shown\n`);
  return world;
}

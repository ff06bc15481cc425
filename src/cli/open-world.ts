/**
 * Loads the world a command names (with `--supplement`, filled in from a second world) and prints its load
 * warnings on stderr (what AWS accepts but keyproof reads with a caveat). A long list is cut after WARNING_LIMIT
 * lines, saying how many were left out.
 */
import { formatLocation } from '../errors.js';
import type { World } from '../world/model.js';
import { loadWorld } from '../world/load.js';
import { isDirectory } from '../world/iam-collect/store-layout.js';
import { cachedWorld } from '../world/world-cache.js';
import type { Output } from './output.js';
import { recordFilesRead } from '../input/input-file.js';

const WARNING_LIMIT = 20;

/**
 * `supplement`: with an iam-collect store, a world whose keys fill in what the store lacks; `fileRoots`: directories
 * besides the world's own that its `$file` references may read (`--allow-file-root`).
 */
export function openWorld(path: string, output: Output, options: { supplement?: string | undefined; fileRoots?: readonly string[] | undefined } = {}): World {
  output.noteInput(path);
  const load = () => loadWorld(path, {
    ...(options.supplement !== undefined ? { supplement: options.supplement } : {}),
    ...(options.fileRoots !== undefined ? { fileRoots: options.fileRoots } : {}),
  });
  // KEYPROOF_WORLD_CACHE=DIR: a world file read back from DIR when none of its files changed (src/world/world-cache.ts).
  const cacheDir = process.env.KEYPROOF_WORLD_CACHE;
  const cacheable = cacheDir !== undefined && cacheDir !== '' && options.supplement === undefined && !isDirectory(path);
  let world: World;
  let files: string[];
  if (cacheable) ({ world, files } = cachedWorld(cacheDir, path, load));
  else ({ value: world, files } = recordFilesRead(load));
  // Every file the world is read from (its `$file` targets, a store's files, the supplement) is an input `--out`
  // must not overwrite.
  for (const file of files) output.noteInput(file);
  const shown = world.warnings.slice(0, WARNING_LIMIT);
  for (const w of shown) output.stderr(`keyproof: warning: ${formatLocation(w.location)}: ${w.message}\n`);
  const hidden = world.warnings.length - shown.length;
  if (hidden > 0) output.stderr(`keyproof: warning: ${hidden} more warning${hidden === 1 ? '' : 's'} not shown\n`);
  if (world.missingParts.length > 0) {
    const what = [...new Set(world.missingParts.map((p) => p.what))].join(', ');
    const places = new Set(world.missingParts.map((p) => `${p.account} ${p.region ?? ''}`)).size;
    output.stderr(`keyproof: warning: the world lacks ${what} in ${places} account/region${places === 1 ? '' : 's'}; `
      + `answers that depend on them are incomplete and name them${options.supplement === undefined ? ' (--supplement fills in key data)' : ''}\n`);
  }
  return world;
}

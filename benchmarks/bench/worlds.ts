/**
 * The world files of a size: the example worlds for S; for M, L and XL the generated world under
 * benchmarks/worlds/SIZE/, generated again when it is missing or was made by another generator version or seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEED, GENERATED_SIZES, S_WORLDS, type SizeName } from '../generate/sizes.js';
import { GENERATOR_VERSION, MANIFEST_FILE, WORLD_FILE, writeWorld, type Manifest } from '../generate/write-world.js';
import { seconds } from './timing.js';

export interface Generation {
  seconds: number;
  /** False when an up-to-date world was already on disk. */
  generated: boolean;
  manifest: Manifest;
}

export interface SizeWorlds {
  files: string[];
  generation?: Generation;
}

function currentManifest(directory: string, seed: number): Manifest | undefined {
  const path = join(directory, MANIFEST_FILE);
  if (!existsSync(path) || !existsSync(join(directory, WORLD_FILE))) return undefined;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  return manifest.generatorVersion === GENERATOR_VERSION && manifest.seed === seed ? manifest : undefined;
}

export function worldsFor(root: string, size: SizeName, options: { seed?: number; regenerate?: boolean } = {}): SizeWorlds {
  if (size === 'S') return { files: S_WORLDS.map((file) => join(root, file)) };
  const seed = options.seed ?? DEFAULT_SEED;
  const directory = join(root, 'benchmarks', 'worlds', size);
  const existing = options.regenerate ? undefined : currentManifest(directory, seed);
  const start = performance.now();
  const manifest = existing ?? writeWorld(directory, GENERATED_SIZES[size], seed);
  return { files: [join(directory, WORLD_FILE)], generation: { seconds: seconds(start), generated: !existing, manifest } };
}

/**
 * Files that ship with keyproof (package.json, the rules files, the example world), found from wherever this
 * module runs: src/ when run from source, dist/src/ when built and installed. One lookup for all of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package's root directory: the nearest directory above this module holding keyproof's package.json. */
function packageRoot(): string | undefined {
  if (root !== undefined) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    try {
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'keyproof') return (root = dir);
    } catch { /* an unreadable package.json is not ours: keep looking */ }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The absolute path of a file shipped with the package (`relative` to its root), or undefined when it is absent. */
export function packageFile(relative: string): string | undefined {
  const base = packageRoot();
  if (base === undefined) return undefined;
  const path = resolve(base, relative);
  return existsSync(path) ? path : undefined;
}

let version: string | undefined;

/** keyproof's own version, from its package.json. */
export function packageVersion(): string {
  if (version !== undefined) return version;
  const manifest = packageFile('package.json');
  try {
    version = manifest ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'unknown';
  } catch {
    version = 'unknown';
  }
  return version;
}

/** keyproof's own version, from its package.json (found from src/ when run from source, dist/src/ when built). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let version: string | undefined;

export function packageVersion(): string {
  if (version !== undefined) return version;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['..', '../..']) {
    try {
      version = (JSON.parse(readFileSync(join(here, up, 'package.json'), 'utf8')) as { version: string }).version;
      return version;
    } catch { /* try the next place */ }
  }
  version = 'unknown';
  return version;
}

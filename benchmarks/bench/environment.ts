/** Where the project is, and what machine and software a result was measured on. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding keyproof's package.json (found from this file, compiled or not). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'keyproof') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the keyproof project root');
    dir = parent;
  }
}

function packageVersion(root: string, name: string): string {
  const manifest = join(root, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'not installed';
}

function gitCommit(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export interface Environment {
  machine: { cpuModel: string; cpus: number; totalMemoryGb: number; platform: string; arch: string };
  versions: { node: string; keyproof: string; z3Solver: string; iamSimulate: string };
  commit: string;
}

export function environment(root: string): Environment {
  const cpuList = cpus();
  return {
    machine: {
      cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
      cpus: cpuList.length,
      totalMemoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      platform: process.platform,
      arch: process.arch,
    },
    versions: {
      node: process.version,
      keyproof: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
      z3Solver: packageVersion(root, 'z3-solver'),
      iamSimulate: packageVersion(root, '@cloud-copilot/iam-simulate'),
    },
    commit: gitCommit(root),
  };
}

/** Peak resident set size of this process so far, in MiB (process.resourceUsage().maxRSS is in KiB). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

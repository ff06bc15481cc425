/**
 * A failing case, saved so that anyone can rerun it: the world as a world file under test-artifacts/diff/ and the
 * `keyproof check` commands that ask both engines the same request.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { World } from '../../src/world/model.js';
import type { DiffRequest } from './arbitrary-request.js';
import type { NativeWorld } from './native-format.js';
import { worldToYaml } from './serialise-world.js';

export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts', 'diff');

/** Quotes a word for a POSIX shell when it holds anything but safe characters. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `npx keyproof check` command for the request against the world file, answered by `engine`. */
export function checkCommand(worldFile: string, request: DiffRequest, engine: 'reference' | 'z3'): string {
  const words = [
    'npx', 'keyproof', 'check', '--world', worldFile, '--principal', request.principal, '--action', request.action,
    ...(request.key !== undefined ? ['--key', request.key] : []), ...(request.account !== undefined ? ['--account', request.account] : []),
    ...request.context.flatMap((pair) => ['--context', pair]),
    ...(request.transitive ? ['--transitive'] : []), '--engine', engine, '--format', 'json',
  ];
  return words.map(shellQuote).join(' ');
}

const counterexampleFile = (dir: string, seed: number) => join(dir, `counterexample-${seed}.yaml`);

/** Removes the world file a previous failing run of this seed left, so that the directory only shows live failures. */
export function clearCounterexample(seed: number, dir = ARTIFACTS_DIR): void {
  rmSync(counterexampleFile(dir, seed), { force: true });
}

export interface SavedCounterexample {
  file: string;
  commands: string[];
  yaml: string;
}

/** The world to save: the loaded world when it loaded, else (a generator bug) the generated native object as it is. */
export type CounterexampleWorld = { loaded: World } | { generated: NativeWorld };

export function saveCounterexample(
  seed: number, world: CounterexampleWorld, request: DiffRequest | undefined, why: string, dir = ARTIFACTS_DIR,
): SavedCounterexample {
  mkdirSync(dir, { recursive: true });
  const file = counterexampleFile(dir, seed);
  const shown = relative(process.cwd(), file) || file;
  const commands = request ? (['reference', 'z3'] as const).map((engine) => checkCommand(shown, request, engine)) : [];
  const header = [`keyproof differential test, seed ${seed}: ${why}`, ...commands.map((c) => `rerun: ${c}`)];
  const yaml = 'loaded' in world
    ? worldToYaml(world.loaded, header)
    : header.map((line) => `# ${line}\n`).join('') + stringify(world.generated, { lineWidth: 0 });
  writeFileSync(file, yaml);
  return { file: shown, commands, yaml };
}

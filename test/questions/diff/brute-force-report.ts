/**
 * A failure of the diff brute-force test, made rerunnable: the two policies as files, the request's world on each
 * side as a world file, and the commands that ask `keyproof diff` and the reference evaluator again.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DiffResult } from '../../../src/questions/diff/diff.js';
import type { Side } from '../../../src/engine/pair-solver.js';
import type { World } from '../../../src/world/model.js';
import { checkCommand, shellQuote } from '../../diff/counterexample.js';
import { worldToYaml } from '../../diff/serialise-world.js';
import { PAIR_ACCOUNT, type PolicyPair } from './policy-pairs.js';
import type { UniverseRequest } from './pair-universe.js';

export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts', 'diff-brute-force');

/** A disagreement between `diff` and the reference evaluator, with the request that shows it (if one does). */
export class BruteForceDisagreement extends Error {
  constructor(message: string, readonly request?: UniverseRequest, readonly worlds?: Record<Side, World>) {
    super(message);
  }
}

const prefixOf = (seed: number, kind: string) => join(ARTIFACTS_DIR, `${kind}-${seed}`);

export function clearArtifacts(seed: number, kind: string): void {
  for (const name of ['old.json', 'new.json', 'old-world.yaml', 'new-world.yaml']) rmSync(`${prefixOf(seed, kind)}-${name}`, { force: true });
}

function describeRequest(r: UniverseRequest): string {
  const iam = r.iam === 'compared' ? 'holding the compared policy' : r.iam === 'allow-all' ? 'own IAM policies allow kms:*' : 'no IAM policies of its own';
  return `${r.principal} ${r.action} on ${r.key} with context ${JSON.stringify(r.context)} (${iam})`;
}

/** The failure message: what disagreed, the two policies, diff's answer, and how to rerun it. */
export function reportFailure(
  seed: number, runs: number, pair: PolicyPair, result: DiffResult | undefined, failure: Error, envPrefix: string, testFile: string,
): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const prefix = prefixOf(seed, pair.kind);
  const shown = (suffix: string) => relative(process.cwd(), `${prefix}-${suffix}`);
  for (const side of ['old', 'new'] as const) writeFileSync(`${prefix}-${side}.json`, JSON.stringify(pair[side], null, 2) + '\n');
  const commands = [
    ['npx', 'keyproof', 'diff', shown('old.json'), shown('new.json'), '--kind', pair.kind, '--key-account', PAIR_ACCOUNT, '--format', 'json'].map(shellQuote).join(' '),
  ];
  const request = failure instanceof BruteForceDisagreement ? failure.request : undefined;
  if (request && failure instanceof BruteForceDisagreement && failure.worlds) {
    for (const side of ['old', 'new'] as const) {
      writeFileSync(`${prefix}-${side}-world.yaml`, worldToYaml(failure.worlds[side], [`diff brute-force test, seed ${seed}, the ${side} policy`]));
      commands.push(checkCommand(shown(`${side}-world.yaml`), { ...request, transitive: false }, 'reference'));
    }
  }
  return [
    `diff disagrees with brute force by the reference evaluator (seed ${seed}, ${pair.kind} policies, NEW = OLD with ${pair.edit}):`,
    failure.message,
    ...(request ? [`request: ${describeRequest(request)}`] : []),
    `OLD: ${JSON.stringify(pair.old)}`,
    `NEW: ${JSON.stringify(pair.new)}`,
    ...(result ? [`diff: ${result.verdict}${result.complete ? '' : ' (incomplete)'}; witnesses: ${JSON.stringify(result.witnesses.map((w) => ({ ...w, decisions: undefined, reason: undefined })))}`] : []),
    ...commands.map((c) => `Rerun: ${c}`),
    `Rerun this test: ${envPrefix}_SEED=${seed} ${envPrefix}_RUNS=${runs} npx vitest run ${testFile}`,
  ].join('\n');
}

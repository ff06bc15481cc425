/**
 * keyproof and the peer on the same concrete requests, in the same run: throughput of each, keyproof's as a ratio
 * to the peer's, and every request on which they disagree. The requests are direct (no role assumption), on
 * enabled keys (the peer has no notion of key state), and keyproof answers them on the world without its grants
 * (the peer has no notion of grants): key policy, identity policies, boundaries and SCPs only.
 */
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { World } from '../../src/index.js';
import { runCheck } from '../bench/engines.js';
import type { BenchRequest } from '../bench/requests.js';
import { measureThroughput, measureThroughputAsync, type Throughput } from '../bench/timing.js';
import { classifyDisagreement, type Classification, type DisagreementKind, type PeerAnswer } from './classify.js';
import { readRawWorld } from './raw-world.js';
import { toSimulation } from './simulation.js';

export const PEER_NAME = '@cloud-copilot/iam-simulate';

export interface Disagreement {
  principal: string;
  action: string;
  key: string;
  context: string[];
  crossAccount: boolean;
  keyproof: string;
  peer: string;
  classification: Classification;
}

export interface PeerComparison {
  peer: string;
  requests: number;
  sameAccount: number;
  crossAccount: number;
  keyproof: Throughput;
  /** `runSimulation`, the peer's documented entry point (validates its input on each call). */
  peerValidated: Throughput;
  /**
   * `runUnsafeSimulation`, the peer's entry point without validation (its fastest path, were it usable), or why it
   * could not be measured.
   */
  peerUnsafe: Throughput | { available: false; reason: string };
  /** keyproof's warm throughput divided by the peer's. */
  ratio: number;
  ratioToUnsafe?: number;
  agreements: number;
  disagreements: Disagreement[];
  /** Disagreements counted by kind. */
  byKind: Partial<Record<DisagreementKind, number>>;
}

/** The same world without grants. */
export function withoutGrants(world: World): World {
  return { ...world, keys: new Map([...world.keys].map(([arn, key]) => [arn, { ...key, grants: [] }])) };
}

/** The requests both can answer: direct, on enabled keys. */
export function peerRequests(world: World, requests: BenchRequest[]): BenchRequest[] {
  return requests.filter((r) => !r.transitive && world.keys.get(r.keyArn)?.state === 'Enabled');
}

function peerAnswer(result: Awaited<ReturnType<typeof runSimulation>>): PeerAnswer {
  if (result.resultType === 'error') return { decision: 'ERROR', detail: result.errors.message, ignoredContextKeys: [] };
  const ignored = result.resultType === 'single' ? result.result.ignoredContextKeys ?? [] : [];
  return { decision: result.overallResult === 'Allowed' ? 'ALLOW' : 'DENY', detail: result.overallResult, ignoredContextKeys: ignored };
}

function measureUnsafe(simulations: Simulation[], minWarmMs: number): PeerComparison['peerUnsafe'] {
  try {
    return measureThroughput(simulations.length, () => {
      for (const s of simulations) runUnsafeSimulation(s, {});
    }, minWarmMs);
  } catch (e) {
    // In 0.1.173 it throws on any request with a resource policy (it reads the name of an unnamed policy).
    return { available: false, reason: `runUnsafeSimulation threw: ${(e as Error).message}` };
  }
}

export async function compareWithPeer(worldFile: string, world: World, sample: BenchRequest[], minWarmMs: number): Promise<PeerComparison> {
  const requests = peerRequests(world, sample);
  const grantless = withoutGrants(world);
  const raw = readRawWorld(worldFile);
  // Inputs are prepared before timing: the peer is timed on evaluation alone, keyproof from strings to answer.
  const simulations: Simulation[] = requests.map((r) => toSimulation(raw, r));

  const keyproofAnswers: string[] = [];
  for (const r of requests) keyproofAnswers.push((await runCheck(grantless, r, 'reference')).decision);
  const peerAnswers: PeerAnswer[] = [];
  for (const simulation of simulations) peerAnswers.push(peerAnswer(await runSimulation(simulation, {})));

  const keyproof = await measureThroughputAsync(requests.length, async () => {
    for (const r of requests) await runCheck(grantless, r, 'reference');
  }, minWarmMs);
  const peerValidated = await measureThroughputAsync(requests.length, async () => {
    for (const s of simulations) await runSimulation(s, {});
  }, minWarmMs);
  const peerUnsafe = measureUnsafe(simulations, minWarmMs);

  const disagreements: Disagreement[] = [];
  requests.forEach((r, i) => {
    const mine = keyproofAnswers[i]!;
    const theirs = peerAnswers[i]!;
    if (mine === theirs.decision) return;
    disagreements.push({
      principal: r.principal, action: r.action, key: r.keyArn, context: r.context, crossAccount: r.crossAccount,
      keyproof: mine, peer: `${theirs.decision} (${theirs.detail})`, classification: classifyDisagreement(r, mine, theirs),
    });
  });
  const byKind: PeerComparison['byKind'] = {};
  for (const d of disagreements) byKind[d.classification.kind] = (byKind[d.classification.kind] ?? 0) + 1;
  const crossAccount = requests.filter((r) => r.crossAccount).length;
  return {
    peer: PEER_NAME,
    requests: requests.length,
    sameAccount: requests.length - crossAccount,
    crossAccount,
    keyproof,
    peerValidated,
    peerUnsafe,
    ratio: keyproof.warmPerSecond / peerValidated.warmPerSecond,
    ...('warmPerSecond' in peerUnsafe ? { ratioToUnsafe: keyproof.warmPerSecond / peerUnsafe.warmPerSecond } : {}),
    agreements: requests.length - disagreements.length,
    disagreements,
    byKind,
  };
}

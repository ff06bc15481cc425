/** The shape of benchmarks/results/*.json, and where results are written. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PeerComparison } from '../peer/compare.js';
import type { SizeName } from '../generate/sizes.js';
import type { AuditRun } from './audit-budget.js';
import type { ColdCheckResult } from './cold-check.js';
import type { EngineResult } from './engines.js';
import type { Environment } from './environment.js';
import type { Generation } from './worlds.js';
import type { WhoCanRun } from './who-can.js';

/** The stated targets of issue 6 (the README states them next to the results). */
import type { RoleGraphResult } from './role-graphs.js';

export const TARGETS = {
  peerRatio: 100,
  coldCheckMs: 1000,
  whoCanMedianMsAtL: 250,
  symbolicAuditSecondsAtL: 600,
  memoryMbAtL: 4096,
  incrementalSecondsAtL: 15,
  xlShardSeconds: 600,
  /** `check --transitive` on a 2,000-role chain, and on a complete trust graph of 2,000 roles (issue 12.5). */
  roleChainSeconds: 2,
  completeRoleGraphSeconds: 5,
} as const;

export interface NotAvailable {
  available: false;
  reason: string;
}

export interface WorldResult {
  /** Relative to the project root. */
  file: string;
  counts: { accounts: number; users: number; roles: number; groups: number; keys: number; grants: number };
  generation?: Generation;
  loadSeconds: number;
  requests: { total: number; direct: number; transitive: number; crossAccount: number; withContext: number; throughAlias: number; seed: number };
  engines: EngineResult[];
  peer?: PeerComparison;
  peerFailure?: string;
  /** One per available engine. */
  coldChecks: ColdCheckResult[];
  whoCan: WhoCanRun | NotAvailable;
  audit?: AuditRun;
}

export interface BenchResult {
  schema: 1;
  size: SizeName;
  smoke: boolean;
  startedAt: string;
  totalSeconds: number;
  environment: Environment;
  targets: typeof TARGETS;
  worlds: WorldResult[];
  /** `check --transitive` on generated role graphs (benchmarks/generate/role-graphs.ts), per engine. */
  roleGraphs?: RoleGraphResult[];
  /** Peak RSS of the benchmark process (world, requests, the peer and its inputs); the audit's is under `audit`. */
  peakRssMb: number;
}

/** Writes latest.json and SIZE.json; a smoke run writes smoke.json only, leaving the real results alone. */
export function writeResults(root: string, result: BenchResult): string[] {
  const directory = join(root, 'benchmarks', 'results');
  mkdirSync(directory, { recursive: true });
  const names = result.smoke ? ['smoke.json'] : ['latest.json', `${result.size}.json`];
  const text = JSON.stringify(result, null, 2) + '\n';
  for (const name of names) writeFileSync(join(directory, name), text);
  return names.map((name) => join('benchmarks', 'results', name));
}

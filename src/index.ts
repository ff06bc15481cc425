/**
 * keyproof as a library (../shared/spec/interface.md section 5). Each function returns the object the matching
 * command prints with `--format json`. Errors are typed: InputError for bad input, InternalError for bugs.
 * A world is loaded once and can answer any number of checks.
 */
export { loadWorld, parseWorld } from './world/load.js';
export { check, type CheckInput, type Engine } from './api/check.js';
export { closeEngines } from './api/engine-instance.js';
export {
  audit, auditWithStats, auditShard, mergeAuditShards, parseShard, shardOfKey,
  type AuditOptions, type AuditRunStats, type AuditShardResult, type Shard, type AuditResult, type AuditKey, type AuditAccess, type Finding, type FindingKind, type ReachGraph,
} from './api/audit.js';
export { worldContentHash } from './world/content-hash.js';
export { reach, type ReachInput } from './api/reach.js';
export { diff, diffLoaded, type DiffInput, type DiffResult, type DiffVerdict, type DiffWitness, type DiffDecision, type DiffPolicyKind } from './api/diff.js';
export { InputError, InternalError, type SourceLocation } from './errors.js';
export type { CheckAnswer, Decision, Reason, MatchedStatement, TraceStep } from './answer.js';
export type { World } from './world/model.js';
export { whoCan, type WhoCanInput } from './api/who-can.js';
export { whatCan, type WhatCanInput } from './api/what-can.js';
export { query, type QueryAnswer, type QueryOptions } from './api/query.js';

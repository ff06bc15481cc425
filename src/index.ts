/**
 * keyproof as a library (../shared/spec/interface.md section 5). Each function returns the object the matching
 * command prints with `--format json`. Errors are typed: InputError for bad input and bad arguments, InternalError
 * for bugs. A world is loaded once and can answer any number of checks. Principals and keys may be given by short
 * name (src/query/resolve.ts), as on the command line.
 */
export { loadWorld, parseWorld } from './api/load-world.js';
export { check, type CheckInput, type Engine, type EngineName, type RequestContextInput, type RequestContextValue } from './api/check.js';
export { closeEngines } from './api/engine-instance.js';
export {
  audit, auditWithStats, auditShard, mergeAuditShards, parseShard, shardOfKey,
  type AuditOptions, type AuditRunStats, type AuditShardResult, type Shard, type AuditResult, type AuditKey, type AuditAccess, type Finding, type FindingKind, type ReachGraph,
} from './api/audit.js';
export {
  readBaseline, readSuppressionFile, triageAudit, gatingFindings, findingId, SUPPRESSION_FILE_NAME,
  type Baseline, type SuppressionFile, type SuppressionRule, type TriageInput, type AuditTriage, type FindingTriage, type ResolvedFinding, type SuppressionRuleStatus, type BaselineState, type FindingFix,
} from './api/triage.js';
export { fixAudit, type FixOptions } from './api/fix-check.js';
export { worldContentHash } from './world/content-hash.js';
export type { AccessOrigin, AuditGroup, FindingSeverity, GraphEdge, GraphNode } from './questions/audit/result.js';
export { reach, type ReachInput } from './api/reach.js';
export {
  diff, diffLoaded, diffInWorld, type DiffInWorldInput, type DiffInput, type DiffResult, type DiffVerdict, type DiffWitness, type DiffDecision, type DiffPolicyKind, type DiffPolicies,
} from './api/diff.js';
export { InputError, InternalError, type SourceLocation, type InputWarning } from './errors.js';
export type {
  CheckAnswer, Decision, Reason, MatchedStatement, PolicySource, TraceStep, WhyNotAlternative, WhyNotChange, WhyNotLimit, StatementJson,
} from './answer.js';
export type { World } from './world/model.js';
export { whoCan, type WhoCanInput } from './api/who-can.js';
export type { WhoCanResult, WhoCanPrincipal, WhoCanClass } from './questions/access/who-can.js';
export { whatCan, type WhatCanInput } from './api/what-can.js';
export type { WhatCanResult, WhatCanKey, WhatCanOperation } from './questions/access/what-can.js';
export { query, type QueryAnswer, type QueryOptions } from './api/query.js';
export type { Query } from './query/ast.js';
export type { ExposedKeysResult, ExposedKey, ExposedOperation, ExposureQuestion } from './questions/access/exposed-keys.js';
export { change, gateFails, type ChangeInput, type ChangeResult, type AccessChange, type ChangeWitness, type KeyChange, type ChangeFailOn } from './api/change.js';

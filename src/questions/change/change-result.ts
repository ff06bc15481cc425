/**
 * What `keyproof change` answers: per key whose access the change alters, who gains and who loses which
 * operations, through what, under which conditions, with a request that shows it (allowed on one side, denied
 * on the other, both checked by the reference evaluator). Data only: src/report/change/ renders it.
 */
import type { MatchedStatement } from '../../answer.js';
import type { SourceLocation } from '../../errors.js';
import type { ChangeSource, ResourceAction } from '../../world/change/model.js';
import type { AccessOrigin } from '../audit/result.js';

/** A request allowed on one side of the change and denied on the other. */
export interface ChangeWitness {
  principal: string;
  action: string;
  /** The request context values the request carries (beyond what keyproof derives from the world). */
  context: Record<string, string[]>;
  /** Roles assumed first, in order, when the access is through a role chain. */
  through: string[];
}

export interface AccessChange {
  /** An ARN of the world, or the class value (account id, organization id, service, `*`). */
  principal: string;
  /** `unknown-principal`: a principal only known after the change is applied (see `description`). */
  origin: AccessOrigin | 'unknown-principal';
  /** For a class or an unknown principal: who it is, in words. */
  description?: string;
  operations: string[];
  /** The role chain used, caller first; empty when no role is assumed. */
  path: string[];
  via: Array<'key-policy' | 'iam-policy' | 'grant'>;
  /** The conditions under which it holds, on the side that allows it. */
  conditions: string[];
  /** The statements and grants that allow it on that side (for the first operation). */
  matched: MatchedStatement[];
  /** Where those are written (in the change's files for the after side). */
  locations: SourceLocation[];
  /** One request per operation: allowed after and denied before (gained), or the converse (lost). */
  witnesses: ChangeWitness[];
  /** `widened`/`narrowed`: it had the operation on both sides, but the conditions changed. */
  kind: 'new' | 'removed' | 'widened' | 'narrowed';
  /** Unknown values the answer depends on: then it is possible, not certain (their most permissive value is assumed). */
  dependsOn: string[];
  /** A principal outside the estate: anyone, an unknown principal, or an account outside the organization (or world). */
  outside: boolean;
}

export interface KeyChange {
  key: string;
  /** For a key the change creates whose ARN is only known after apply: the resource that creates it. */
  createdBy?: string;
  account: string;
  status: 'created' | 'deleted' | 'changed';
  gained: AccessChange[];
  lost: AccessChange[];
  location?: SourceLocation;
}

export interface ChangedResource {
  address: string;
  type: string;
  action: ResourceAction;
  location: SourceLocation;
}

export interface ChangeResult {
  source: ChangeSource;
  file: string;
  /** The world the change was judged against, or null for the empty estate of the change's own accounts. */
  world: string | null;
  resources: ChangedResource[];
  /** Keys whose access changes (created and deleted keys included). */
  keys: KeyChange[];
  /** How many keys could change and were compared before and after. */
  examined: number;
  /** Every unknown value the change holds (decided with its most permissive value). */
  unknowns: string[];
  /** What the gate fails on: some principal gains access; anyone does; a principal outside the estate does. */
  verdict: { newAccess: boolean; public: boolean; external: boolean };
  /** false when part of the change could not be modelled or some question was not decided; `undecided` says which. */
  complete: boolean;
  undecided: string[];
}

export type ChangeFailOn = 'new-access' | 'public' | 'external';

/** Whether the gate fails: what it was told to fail on was found, or (unless allowed) something is undecided. */
export function gateFails(result: ChangeResult, failOn: ChangeFailOn | undefined, allowIncomplete: boolean): boolean {
  if (!failOn) return false;
  if (!result.complete && !allowIncomplete) return true;
  const { newAccess, public: isPublic, external } = result.verdict;
  return failOn === 'new-access' ? newAccess : failOn === 'public' ? isPublic : external || isPublic;
}

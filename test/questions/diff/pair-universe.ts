/**
 * The finite universe of requests over which the diff brute-force test compares two policies with the reference
 * evaluator, and what it would take for that universe to stand for every request `diff` considers.
 *
 * Callers (key policies): in every account the policies name, the key's account and one account they do not name,
 * the root user, the users and roles (sessions) the policies name and one fresh user and role; each user and role
 * once with IAM policies that allow every KMS action and once with none (`diff` leaves them unknown). A principal of
 * an organization is any of these with aws:PrincipalOrgID set, which `diff` leaves free for every caller: so the
 * context key takes the organizations the policies name and one fresh one. There is no anonymous caller: keyproof's
 * caller model (src/request/caller.ts) has none, so neither side can be asked about one.
 * Callers (identity policies): a user and a role of the account, both holding the policy, on the keys of that
 * account the policies name and fresh ones (another region, another key id); keys of other accounts are outside
 * `diff`'s question (docs/diff.md, "Not covered").
 * Operations: every KMS operation on a key. Contexts: test/questions/brute-force.ts, from the constants of the two
 * policies, the vocabulary's request values (which include values neither policy names) and a fresh organization,
 * one value at most for a single-valued key.
 */
import { KMS_OPERATIONS } from '../../../src/kms/operations.js';
import type { ConditionClause, NamedPolicy, Statement } from '../../../src/policy/model.js';
import { cidrContains, parseCidr, parseIpAddress } from '../../../src/policy/values/ip.js';
import { hasWildcard, matchesWildcard } from '../../../src/policy/wildcard.js';
import { isDocumentedSingleValued } from '../../../src/questions/symbolic/single-valued-keys.js';
import type { Side } from '../../../src/engine/pair-solver.js';
import { diffKeyArn } from '../../../src/questions/diff/world.js';
import { checkWithReference } from '../../../src/reference/evaluator.js';
import { rootArn } from '../../../src/request/caller.js';
import { buildKmsRequest } from '../../../src/request/kms-request.js';
import type { World } from '../../../src/world/model.js';
import { roleArn, userArn } from '../../diff/vocabulary.js';
import { combineContextChoices, contextChoices, type ContextPairs } from '../brute-force.js';
import { PAIR_ACCOUNT, type PolicyPair } from './policy-pairs.js';
import { pairWorld, type IamVariant } from './pair-world.js';

export interface UniverseRequest {
  principal: string;
  action: string;
  key: string;
  context: ContextPairs;
  iam: IamVariant;
}

export interface PairUniverse {
  pair: PolicyPair;
  worlds: Record<Side, Map<IamVariant, World>>;
  callers: Array<{ principal: string; iam: IamVariant }>;
  keys: string[];
  operations: string[];
  contexts: ContextPairs[];
  /** Why finding no difference here would not prove the policies equivalent; empty when the universe is complete. */
  gaps: string[];
}

/** An account and an organization no generated policy names (the vocabulary's accounts are 1..., 2..., 3..., 9...). */
export const FRESH_ACCOUNT = '444444444444';
export const FRESH_ORG_ID = 'o-freshorg000';
const FRESH_NAME = 'fresh';
/** A region and a key id no generated Resource names. */
const FRESH_REGION = 'eu-west-3';
const FRESH_KEY_ID = 'fresh-key';
const ORG_KEY = 'aws:PrincipalOrgID';

const KEY_OPERATIONS = KMS_OPERATIONS.filter((op) => op.resource !== 'none').map((op) => op.action);

const statementsOf = (policies: readonly NamedPolicy[]): Statement[] => policies.flatMap((p) => p.document.statements);

/** The users, roles and role sessions the policies' principals name, and every account id they mention. */
function namedIdentities(policies: readonly NamedPolicy[]): { accounts: Set<string>; identities: Set<string>; sessions: Set<string> } {
  const accounts = new Set(JSON.stringify(policies.map((p) => p.document)).match(/(?<!\d)\d{12}(?!\d)/g) ?? []);
  const identities = new Set<string>();
  const sessions = new Set<string>();
  for (const s of statementsOf(policies)) {
    for (const p of [...(s.principal ?? []), ...(s.notPrincipal ?? [])]) {
      if (/^arn:aws:iam::\d{12}:(user|role)\//.test(p.value)) identities.add(p.value);
      const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(p.value);
      if (session) {
        sessions.add(p.value);
        identities.add(roleArn(session[1]!, session[2]!));
      }
    }
  }
  return { accounts, identities, sessions };
}

function keyPolicyCallers(policies: readonly NamedPolicy[]): { identities: string[]; callers: PairUniverse['callers'] } {
  const named = namedIdentities(policies);
  const accounts = [...new Set([PAIR_ACCOUNT, ...named.accounts, FRESH_ACCOUNT])];
  const identities = [...named.identities, ...accounts.flatMap((a) => [userArn(a, FRESH_NAME), roleArn(a, FRESH_NAME)])];
  const withIam = [...identities, ...named.sessions];
  return {
    identities,
    callers: [
      ...accounts.map((a) => ({ principal: rootArn(a), iam: 'none' as const })),
      ...withIam.flatMap((principal) => (['allow-all', 'none'] as const).map((iam) => ({ principal, iam }))),
    ],
  };
}

/** Key ARNs of the account: those the policies name, and the product of their regions and ids with fresh ones. */
function identityPolicyKeys(policies: readonly NamedPolicy[]): string[] {
  const regions = new Set([FRESH_REGION]);
  const ids = new Set([FRESH_KEY_ID]);
  for (const s of statementsOf(policies)) {
    for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
      const m = /^arn:aws:kms:([^:*?]+):(\d{12}):key\/([^*?]+)$/.exec(r);
      if (m && m[2] === PAIR_ACCOUNT) { regions.add(m[1]!); ids.add(m[3]!); }
    }
  }
  return [...regions].flatMap((region) => [...ids].map((id) => `arn:aws:kms:${region}:${PAIR_ACCOUNT}:key/${id}`));
}

/** Each key's choices from both sides' worlds, merged; aws:PrincipalOrgID is chosen by the request (see above). */
function mergedChoices(worlds: readonly World[]): Map<string, ContextPairs[]> {
  const merged = new Map<string, ContextPairs[]>();
  for (const world of worlds) {
    for (const [key, choices] of contextChoices(world, { chosen: [ORG_KEY], extra: [`${ORG_KEY}=${FRESH_ORG_ID}`] })) {
      const known = merged.get(key) ?? [];
      for (const c of choices) if (!known.some((k) => JSON.stringify(k) === JSON.stringify(c))) known.push(c);
      merged.set(key, known);
    }
  }
  return merged;
}

const isIpTest = (c: ConditionClause) => c.base === 'IpAddress' || c.base === 'NotIpAddress';
const STRING_TESTS = new Set(['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike']);

/**
 * Whether every request `diff` could pick for a key is represented by a value of the universe. For a key compared
 * with case-sensitive string operators, a value matching a pattern and naming no constant, and a value matching no
 * pattern and naming no constant, stand for all others, provided at most one pattern has a wildcard (two can overlap
 * where no written value lies). For IP ranges that do not overlap, an address in each and one outside all suffice.
 * Case-insensitive operators, set qualifiers and policy variables are not covered.
 */
function keyGaps(key: string, clauses: readonly ConditionClause[], values: readonly string[]): string[] {
  const gaps: string[] = [];
  for (const c of clauses) {
    if (c.base === 'Null') continue;
    // A single-valued key holds one value or none, which the universe tries; several values need sets of them.
    if (c.qualifier && !isDocumentedSingleValued(key)) gaps.push(`${c.operatorText} on ${key}: sets of values`);
    else if (!STRING_TESTS.has(c.base) && !isIpTest(c)) gaps.push(`${c.operatorText} on ${key}`);
    if (c.values.some((v) => v.includes('${'))) gaps.push(`a policy variable in ${key}`);
  }
  const strings = clauses.filter((c) => STRING_TESTS.has(c.base));
  const patterns = [...new Set(strings.filter((c) => c.base.endsWith('Like')).flatMap((c) => c.values).filter(hasWildcard))];
  const constants = new Set(strings.flatMap((c) => c.values).filter((v) => !patterns.includes(v)));
  const unnamed = values.filter((v) => !constants.has(v));
  if (strings.length > 0) {
    if (patterns.length > 1) gaps.push(`${patterns.length} wildcard patterns on ${key}`);
    if (patterns.length === 1 && !unnamed.some((v) => matchesWildcard(patterns[0]!, v))) gaps.push(`no unnamed value of ${key} matching ${patterns[0]}`);
    if (!unnamed.some((v) => patterns.every((p) => !matchesWildcard(p, v)))) gaps.push(`no unnamed value of ${key} matching no pattern`);
  }
  const ranges = [...new Set(clauses.filter(isIpTest).flatMap((c) => c.values))].map((text) => ({ text, range: parseCidr(text) }));
  const addresses = values.map(parseIpAddress).filter((a) => a !== undefined);
  for (const [i, a] of ranges.entries()) {
    if (!a.range) { gaps.push(`range ${a.text}`); continue; }
    if (!addresses.some((x) => cidrContains(a.range!, x))) gaps.push(`no address in ${a.text}`);
    for (const b of ranges.slice(i + 1)) {
      if (b.range && (cidrContains(a.range, { family: b.range.family, value: b.range.network }) || cidrContains(b.range, { family: a.range.family, value: a.range.network }))) {
        gaps.push(`overlapping ranges ${a.text} and ${b.text}`);
      }
    }
  }
  if (ranges.length > 0 && !addresses.some((x) => ranges.every((r) => !r.range || !cidrContains(r.range, x)))) gaps.push(`no address outside the ranges on ${key}`);
  return gaps;
}

function conditionGaps(policies: readonly NamedPolicy[], choices: Map<string, ContextPairs[]>): string[] {
  const byKey = new Map<string, ConditionClause[]>();
  for (const c of statementsOf(policies).flatMap((s) => s.conditions)) byKey.set(c.key.toLowerCase(), [...(byKey.get(c.key.toLowerCase()) ?? []), c]);
  return [...byKey].flatMap(([key, clauses]) => {
    // kms:CallerAccount is the caller's account: the universe's accounts are its values.
    if (key === 'kms:calleraccount') return clauses.some((c) => c.values.some(hasWildcard)) ? [`a wildcard on ${key}`] : [];
    const values = (choices.get(key) ?? []).filter((c) => c.length === 1).map((c) => c[0]!.slice(c[0]!.indexOf('=') + 1));
    return keyGaps(key, clauses, values);
  });
}

/** Principals and Resources the universe stands for only when they are whole names or `*`. */
function elementGaps(policies: readonly NamedPolicy[]): string[] {
  const gaps: string[] = [];
  for (const s of statementsOf(policies)) {
    for (const p of [...(s.principal ?? []), ...(s.notPrincipal ?? [])]) if (p.value !== '*' && hasWildcard(p.value)) gaps.push(`principal ${p.value}`);
    for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
      if (r !== '*' && hasWildcard(r) && !/^arn:aws:kms:(\*|[a-z0-9-]+):\d{12}:key\/\*$/.test(r)) gaps.push(`resource ${r}`);
    }
  }
  return gaps;
}

/**
 * Only values a request can carry: one value at most for a key documented as single-valued (kms/conditions-kms.md,
 * iam/reference_policies_condition-keys.md, "Value type"), and addresses for a key tested only as an IP address (a
 * request's aws:SourceIp always is one).
 */
function realisticChoices(choices: Map<string, ContextPairs[]>, policies: readonly NamedPolicy[]): ContextPairs[][] {
  const clauses = statementsOf(policies).flatMap((s) => s.conditions);
  return [...choices].map(([key, list]) => {
    const tests = clauses.filter((c) => c.key.toLowerCase() === key && c.base !== 'Null');
    const ipOnly = tests.length > 0 && tests.every(isIpTest);
    return list.filter((pairs) => (pairs.length === 1 || !isDocumentedSingleValued(key))
      && (!ipOnly || pairs.every((p) => parseIpAddress(p.slice(p.indexOf('=') + 1)) !== undefined)));
  });
}

export function pairUniverse(pair: PolicyPair, policies: readonly NamedPolicy[], fullProductLimit = 600): PairUniverse {
  const key = pair.kind === 'key';
  const { identities, callers } = key ? keyPolicyCallers(policies) : {
    identities: [userArn(PAIR_ACCOUNT, 'holder'), roleArn(PAIR_ACCOUNT, 'holder')],
    callers: [userArn(PAIR_ACCOUNT, 'holder'), roleArn(PAIR_ACCOUNT, 'holder')].map((principal) => ({ principal, iam: 'compared' as const })),
  };
  const keys = key ? [diffKeyArn(PAIR_ACCOUNT)] : identityPolicyKeys(policies);
  const variants: IamVariant[] = key ? ['allow-all', 'none'] : ['compared'];
  const worldsOf = (side: Side) => new Map(variants.map((iam) => [iam, pairWorld(pair, side, { identities, keys, iam })]));
  const worlds = { old: worldsOf('old'), new: worldsOf('new') };
  const choices = mergedChoices([worlds.old.get(variants[0]!)!, worlds.new.get(variants[0]!)!]);
  const { contexts, full } = combineContextChoices(realisticChoices(choices, policies), fullProductLimit);
  const gaps = [...new Set([...elementGaps(policies), ...conditionGaps(policies, choices), ...(full ? [] : ['too many contexts to try them all'])])];
  return { pair, worlds, callers, keys, operations: KEY_OPERATIONS, contexts, gaps };
}

/** The reference evaluator's decision for a request in one side's world (no role assumption: diff asks the caller). */
export function referenceDecision(world: World, request: UniverseRequest) {
  return checkWithReference(world, buildKmsRequest(world, request));
}

export interface BruteForce {
  /** The first request of the universe that each side alone allows. */
  only: Partial<Record<Side, UniverseRequest>>;
  asked: number;
}

/** Asks every request of the universe of both sides, until one allowed by each side alone is found. */
export function bruteForce(u: PairUniverse): BruteForce {
  const only: BruteForce['only'] = {};
  let asked = 0;
  for (const { principal, iam } of u.callers) {
    const worlds = { old: u.worlds.old.get(iam)!, new: u.worlds.new.get(iam)! };
    for (const key of u.keys) {
      for (const context of u.contexts) {
        for (const action of u.operations) {
          const request = { principal, action, key, context, iam };
          const allowed = (side: Side) => referenceDecision(worlds[side], request).decision === 'ALLOW';
          const [old, next] = [allowed('old'), allowed('new')];
          asked++;
          if (next && !old) only.new ??= request;
          if (old && !next) only.old ??= request;
          if (only.new && only.old) return { only, asked };
        }
      }
    }
  }
  return { only, asked };
}

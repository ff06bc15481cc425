/**
 * Brute force for `who-can`: the reference evaluator asked every principal of a world under every request context of
 * a finite universe built from the constants in the world's policies (test/diff/arbitrary-request.ts).
 *
 * A context sets some of the keys a request chooses, each to one candidate value (or, for a key written with a set
 * operator, to all its candidates at once). Keys that keyproof derives from the world (../shared/spec/interface.md
 * section 1) are left out: a request cannot choose them, and who-can fixes them from the world. Keys no condition
 * and no grant constraint mentions are left out too: no rule reads them, so they cannot change an answer.
 */
import { checkWithReference } from '../../src/reference/evaluator.js';
import { buildKmsRequest } from '../../src/request/kms-request.js';
import type { World } from '../../src/world/model.js';
import { contextCandidates } from '../diff/arbitrary-request.js';
import { allPolicyDocuments } from '../diff/world-policies.js';

/** A request context in the words of `keyproof check --context`. */
export type ContextPairs = string[];

/** The keys keyproof derives from the world for a caller and a key (interface.md section 1, and derive-context.ts). */
const DERIVED = [
  /^aws:principal/i, /^aws:username$/i, /^aws:userid$/i, /^kms:calleraccount$/i, /^aws:resourcetag\//i,
  /^aws:resourceaccount$/i, /^kms:keyspec$/i, /^kms:keyusage$/i, /^kms:keyorigin$/i, /^kms:multiregion$/i,
  /^kms:resourcealiases$/i,
];

const isDerived = (key: string) => DERIVED.some((re) => re.test(key));

/** Keys some condition or grant constraint of the world reads (lower case), and those read with a set operator. */
function keysRead(world: World): { read: Set<string>; multi: Set<string> } {
  const read = new Set<string>();
  const multi = new Set<string>();
  for (const doc of allPolicyDocuments(world)) {
    for (const s of doc.statements) {
      for (const c of s.conditions) {
        read.add(c.key.toLowerCase());
        if (c.qualifier) multi.add(c.key.toLowerCase());
      }
    }
  }
  for (const key of world.keys.values()) {
    for (const g of key.grants) {
      const constraint = { ...g.constraints?.encryptionContextSubset, ...g.constraints?.encryptionContextEquals };
      for (const k of Object.keys(constraint)) read.add(`kms:encryptioncontext:${k.toLowerCase()}`);
      // An EncryptionContextEquals constraint also reads which other pairs the context holds.
      if (g.constraints?.encryptionContextEquals) for (const pair of contextCandidates(world)) {
        if (/^kms:encryptioncontext:/i.test(pair)) read.add(pair.slice(0, pair.indexOf('=')).toLowerCase());
      }
    }
  }
  return { read, multi };
}

export interface ContextChoiceOptions {
  /** Derived keys a request may set all the same (e.g. aws:PrincipalOrgID of a caller whose organization is unknown). */
  chosen?: readonly string[];
  /** More `K=V` candidates, e.g. a value that neither the policies nor the vocabulary name. */
  extra?: readonly string[];
}

/** For each key a request may set: the ways to set it (one value, or all of them for a multi-valued key). */
export function contextChoices(world: World, options: ContextChoiceOptions = {}): Map<string, ContextPairs[]> {
  const { read, multi } = keysRead(world);
  const chosen = new Set((options.chosen ?? []).map((k) => k.toLowerCase()));
  const byKey = new Map<string, ContextPairs[]>();
  for (const pair of new Set([...contextCandidates(world), ...(options.extra ?? [])])) {
    const key = pair.slice(0, pair.indexOf('='));
    const lower = key.toLowerCase();
    if ((isDerived(key) && !chosen.has(lower)) || !read.has(lower)) continue;
    const choices = byKey.get(lower) ?? [];
    choices.push([pair]);
    byKey.set(lower, choices);
  }
  // An encryption context has one value per key, so only other multi-valued keys take all their values at once.
  for (const [key, choices] of byKey) {
    if (multi.has(key) && !key.startsWith('kms:encryptioncontext:') && choices.length > 1) choices.push(choices.flat());
  }
  return byKey;
}

/**
 * The universe of contexts: the empty one, every context that sets one or two keys, and when the full product of
 * the keys' choices stays under `fullProductLimit`, every combination of them.
 */
export function contextUniverse(world: World, fullProductLimit = 2000): ContextPairs[] {
  return combineContextChoices([...contextChoices(world).values()], fullProductLimit).contexts;
}

/**
 * Contexts from each key's choices (leaving a key out is a choice too): every combination when there are at most
 * `fullProductLimit` of them (`full`), else the empty context and every context that sets one or two keys.
 */
export function combineContextChoices(choices: readonly ContextPairs[][], fullProductLimit: number): { contexts: ContextPairs[]; full: boolean } {
  const product = choices.reduce((n, c) => n * (c.length + 1), 1);
  if (product <= fullProductLimit) {
    let contexts: ContextPairs[] = [[]];
    for (const options of choices) contexts = contexts.flatMap((ctx) => [ctx, ...options.map((o) => [...ctx, ...o])]);
    return { contexts, full: true };
  }
  const contexts: ContextPairs[] = [[]];
  choices.forEach((a, i) => {
    for (const x of a) {
      contexts.push(x);
      for (const b of choices.slice(i + 1)) for (const y of b) contexts.push([...x, ...y]);
    }
  });
  return { contexts, full: false };
}

/** Every principal of the world in the words of `--principal`: account roots, users, and roles (meaning a session). */
export function worldPrincipals(world: World): string[] {
  const principals: string[] = [];
  for (const account of world.accounts.values()) {
    principals.push(`arn:aws:iam::${account.id}:root`);
    principals.push(...account.users.keys(), ...account.roles.keys());
  }
  return principals;
}

export interface Question {
  key: string;
  action: string;
}

/** Whether the reference evaluator, allowed to assume roles, lets the principal act under the context. */
export function referenceAllows(world: World, question: Question, principal: string, context: ContextPairs): boolean {
  const request = buildKmsRequest(world, { principal, action: question.action, key: question.key, context });
  return checkWithReference(world, request, { transitive: true }).decision === 'ALLOW';
}

/** The first context of the universe under which the reference evaluator allows the principal, if any. */
export function firstAllowedContext(world: World, question: Question, principal: string, universe: readonly ContextPairs[]): ContextPairs | undefined {
  return universe.find((context) => referenceAllows(world, question, principal, context));
}

/** A who-can `example` as `--context` pairs (a key's values are a set: a value written twice is one value). */
export function examplePairs(example: Record<string, string[]>): ContextPairs {
  return Object.entries(example).flatMap(([k, values]) => [...new Set(values)].map((v) => `${k}=${v}`));
}

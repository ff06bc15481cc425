/**
 * The Z3 side of why-not: over the question's program with every candidate change gated by a free choice
 * (relax.ts), which sets of changes make `allow` hold? First each change alone (which single layer's decision,
 * flipped, allows the request); then, while fewer than `wanted` are found, any set the solver finds that is not a
 * superset of one already found, shrunk until no change can be left out. Sets come smallest first.
 */
import { callerFields } from '../../engine/caller-fields.js';
import type { WhyNotLimit } from '../../answer.js';
import type { Limits } from '../../engine/limits.js';
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Program } from '../../ir/ast.js';
import { openStatements } from '../../ir/lower/unknown-policy.js';
import { identityOf } from '../../request/caller.js';
import type { KmsRequest } from '../../request/kms-request.js';
import { atomName } from '../../smt/compile.js';
import { concreteContext } from '../../smt/context-model.js';
import type { Environment } from '../../smt/encode-constraint.js';
import { and, atomRef, not, type BoolTerm } from '../../smt/term.js';
import type { World } from '../../world/model.js';
import { candidatesFor, type Candidate } from './candidates.js';
import { relaxedProgram } from './relax.js';

export interface SearchResult {
  /** Sets of candidates, each allowing the request in the solver's judgement, none with a change to spare. */
  sets: Candidate[][];
  /** The solver's reason when a question went unanswered (the sets found so far are still given). */
  incomplete?: string;
  /** What stands in the way that no candidate change can overcome (read off the world as it is). */
  limits: WhyNotLimit[];
}

/** How many free searches (each followed by its shrinking) after the single changes. */
const MAX_FREE_SEARCHES = 6;

const gateTerm = (gate: string): BoolTerm => atomRef(atomName('open_choice', [gate]));

export async function searchChanges(runtime: QuestionRuntime, world: World, req: KmsRequest, limits: Limits, wanted: number): Promise<SearchResult> {
  const { caller, key, operation } = req;
  const base = runtime.program(world, { kind: 'kms', key, caller }, `kms ${key.arn} ${identityOf(caller)}`);
  const env: Environment = { fields: { ...callerFields(caller), action: operation.action, resource: key.arn }, context: concreteContext(req.context) };
  // A policy whose document is unknown is read at its most restrictive (its Deny applies, its Allow does not), so
  // that a change found allows whatever the document says.
  const pinned = openStatements(base).map((o) => (o.effect === 'Deny' ? gateTerm(o.statement) : not(gateTerm(o.statement))));

  const baseline = await runtime.solve(base, env, [], limits, pinned);
  if (baseline.status !== 'sat') return { sets: [], incomplete: baseline.status === 'unknown' ? baseline.why : 'the rules have no model', limits: [] };
  const candidates = candidatesFor(world, req, base, (s) => baseline.solved.holds('denies', s));
  const obstacles: WhyNotLimit[] = [];
  if (baseline.solved.holds('cross_account_blocked')) obstacles.push('not-cross-account');
  if (baseline.solved.holds('state_blocked') && !candidates.some((c) => c.change.kind === 'key-state')) obstacles.push('key-state');
  if (pinned.length > 0) obstacles.push('unknown-policies');
  const program: Program = relaxedProgram(base, candidates, req);

  let incomplete: string | undefined;
  /** Does choosing exactly these candidates allow the request? */
  const allows = async (chosen: ReadonlySet<Candidate>): Promise<boolean> => {
    const choices = candidates.map((c) => (chosen.has(c) ? gateTerm(c.gate) : not(gateTerm(c.gate))));
    const verdict = await runtime.solve(program, env, ['allow'], limits, [...pinned, ...choices]);
    if (verdict.status === 'unknown') incomplete ??= verdict.why;
    return verdict.status === 'sat';
  };

  const sets: Candidate[][] = [];
  for (const c of candidates) {
    if (sets.length >= wanted) break;
    if (await allows(new Set([c]))) sets.push([c]);
  }
  for (let round = 0; round < MAX_FREE_SEARCHES && sets.length < wanted; round++) {
    const found = await freeSet(runtime, program, env, limits, candidates, [...pinned, ...sets.map((s) => not(and(...s.map((c) => gateTerm(c.gate)))))]);
    if (found.status === 'unknown') { incomplete ??= found.why; break; }
    if (found.status === 'none') break;
    // Shrink: leave out each change in turn while the rest still allows (a set with no change to spare).
    const chosen = new Set(found.set);
    for (const c of found.set) {
      chosen.delete(c);
      if (!(await allows(chosen))) chosen.add(c);
    }
    sets.push(candidates.filter((c) => chosen.has(c)));
  }
  sets.sort((a, b) => a.length - b.length);
  return { sets, ...(incomplete ? { incomplete } : {}), limits: obstacles };
}

/** Any set of candidates that allows the request under the conditions, as the solver's model chooses it. */
async function freeSet(
  runtime: QuestionRuntime, program: Program, env: Environment, limits: Limits, candidates: readonly Candidate[], conditions: BoolTerm[],
): Promise<{ status: 'found'; set: Candidate[] } | { status: 'none' } | { status: 'unknown'; why: string }> {
  const verdict = await runtime.solve(program, env, ['allow'], limits, conditions);
  if (verdict.status === 'unknown') return verdict;
  if (verdict.status === 'unsat') return { status: 'none' };
  return { status: 'found', set: candidates.filter((c) => verdict.solved.truth(gateTerm(c.gate))) };
}

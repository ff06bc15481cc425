/**
 * `diff`: does a new policy allow a request the old one does not, or the other way? Both policies are compiled
 * with the KMS rules into one solver over one symbolic request (src/questions/diff/scenario.ts); each model of
 * "new allows and old does not" (and the converse) is a witness, checked by the reference evaluator before it is
 * reported. No model either way means the policies allow exactly the same requests (within the scenario).
 */
import type { Decision, MatchedStatement, Reason } from '../../answer.js';
import type { CheckAnswer } from '../../answer.js';
import type { Limits } from '../../engine/limits.js';
import { InputError } from '../../errors.js';
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { KmsOperation } from '../../kms/operations.js';
import { and, not } from '../../smt/term.js';
import type { DiffPolicies, DiffPolicyKind } from './input.js';
import { identityPolicyScenario, keyPolicyScenario, type DiffRequest, type DiffScenario } from './scenario.js';
import type { PairSolver, Side } from '../../engine/pair-solver.js';
import { otherSide, verifyWitness } from './verify.js';
import { inferIdentityAccount, inferKeyAccount } from './world.js';

export type DiffVerdict = 'equivalent' | 'more-permissive' | 'less-permissive' | 'incomparable' | 'unknown';

export interface DiffDecision {
  decision: Decision;
  reason: Reason;
  matched: MatchedStatement[];
}

export interface DiffWitness {
  principal: string;
  action: string;
  /** Context values of the request (the keys the policies test). */
  context: Record<string, string[]>;
  allowedBy: Side;
  /** The key the request is made on. */
  key: string;
  /** Key policy diff, user or role session: whether the caller's own IAM policies allow the request. */
  callerIamPolicies?: 'allow' | 'do-not-allow';
  reason: string;
  /** The reference evaluator's answer on each side. */
  decisions: Record<Side, DiffDecision>;
}

export interface DiffResult {
  verdict: DiffVerdict;
  kind: DiffPolicyKind;
  /** The account of the key (and, for identity policies, of the identities holding the policy). */
  account: string;
  witnesses: DiffWitness[];
  /** False when a search could not be finished; `undecided` says which. */
  complete: boolean;
  undecided: Array<{ allowedBy: Side; why: string }>;
}

export interface DiffOptions {
  /** The key's account; by default inferred from the policies. */
  account?: string;
  limits: Limits;
  /** Witnesses to look for each way (default 3), each with an action of another class. */
  maxWitnesses?: number;
}

/** The account identity policies are compared in when they name none (the account of the AWS docs' examples). */
export const DEFAULT_IDENTITY_ACCOUNT = '111122223333';

function scenarioFor(policies: DiffPolicies, account: string | undefined): DiffScenario {
  const both = [policies.old, policies.new];
  if (policies.kind === 'identity') {
    return identityPolicyScenario(policies.old, policies.new, account ?? inferIdentityAccount(both) ?? DEFAULT_IDENTITY_ACCOUNT);
  }
  const keyAccount = account ?? inferKeyAccount(both);
  if (!keyAccount) {
    throw new InputError(undefined,
      'cannot tell which account owns the key: the policies name no account root and principals of several accounts (or none); give it with --key-account');
  }
  return keyPolicyScenario(policies.old, policies.new, keyAccount);
}

const decisionOf = (a: CheckAnswer): DiffDecision => ({ decision: a.decision, reason: a.reason, matched: a.matched });

function statements(matched: readonly MatchedStatement[], effect: 'Allow' | 'Deny'): string {
  const names = matched.filter((m) => m.effect === effect).map((m) => `${m.source} ${m.policy} statement ${JSON.stringify(m.sid)}`);
  return names.length > 0 ? ` (${names.join(', ')})` : '';
}

function reasonOf(allowedBy: Side, answers: Record<Side, CheckAnswer>, request: DiffRequest): string {
  const denier = otherSide(allowedBy);
  const denied = answers[denier];
  const denial = denied.reason === 'EXPLICIT_DENY' ? `denies it explicitly${statements(denied.matched, 'Deny')}` : 'does not allow it';
  const iam = request.iamAllows === undefined || !['user', 'role-session'].includes(request.fields.kind) ? ''
    : request.iamAllows ? '; the caller\'s own IAM policies allow it' : '; the caller\'s own IAM policies do not allow it';
  return `the ${allowedBy} policy allows it${statements(answers[allowedBy].matched, 'Allow')}; the ${denier} policy ${denial}${iam}`;
}

function witnessOf(scenario: DiffScenario, request: DiffRequest, allowedBy: Side): DiffWitness {
  const answers = verifyWitness(scenario, request, allowedBy);
  const showsIam = request.iamAllows !== undefined && (request.fields.kind === 'user' || request.fields.kind === 'role-session');
  return {
    principal: request.fields.principal,
    action: request.operation.action,
    context: Object.fromEntries(request.chosen),
    allowedBy,
    key: request.keyArn,
    ...(showsIam ? { callerIamPolicies: request.iamAllows ? 'allow' as const : 'do-not-allow' as const } : {}),
    reason: reasonOf(allowedBy, answers, request),
    decisions: { old: decisionOf(answers.old), new: decisionOf(answers.new) },
  };
}

function verdictOf(found: Record<Side, boolean>, undecided: Record<Side, boolean>): DiffVerdict {
  if (found.new && found.old) return 'incomparable';
  if (found.new) return 'more-permissive';
  if (found.old) return 'less-permissive';
  return undecided.new || undecided.old ? 'unknown' : 'equivalent';
}

export async function diffPolicies(runtime: QuestionRuntime, policies: DiffPolicies, options: DiffOptions): Promise<DiffResult> {
  const scenario = scenarioFor(policies, options.account);
  const max = options.maxWitnesses ?? 3;
  // One solver per class of operations and case, built on first use and asked both ways.
  const solvers = new Map<string, PairSolver | { undecided: string }>();
  const solverFor = async (operation: KmsOperation, index: number) => {
    const id = `${operation.action} ${index}`;
    let solver = solvers.get(id);
    if (!solver) { solver = await runtime.pairSolver(scenario.question(operation, scenario.cases[index]!), options.limits); solvers.set(id, solver); }
    return solver;
  };
  const witnesses: DiffWitness[] = [];
  const undecided: DiffResult['undecided'] = [];
  try {
    for (const allowedBy of ['new', 'old'] as const) {
      const open: string[] = [];
      let found = 0;
      // At most one witness per class of operations, so that the witnesses show how far the difference reaches.
      for (const [operation] of scenario.operationClasses as Array<[KmsOperation, ...KmsOperation[]]>) {
        if (found >= max) break;
        for (const [index, c] of scenario.cases.entries()) {
          const solver = await solverFor(operation, index);
          const what = `${operation.action} (and the operations no policy tells apart from it) by ${c.caller.label}`;
          if ('undecided' in solver) { open.push(`${what}: ${solver.undecided}`); continue; }
          const goal = and(solver.allows(allowedBy), not(solver.allows(otherSide(allowedBy))));
          const search = await solver.search(goal, 1, (model) => scenario.read(model, operation, c));
          if (search.undecided) open.push(`${what}: ${search.undecided}`);
          const [request] = search.found;
          if (!request) continue;
          witnesses.push(witnessOf(scenario, request, allowedBy));
          found++;
          break;
        }
      }
      // An undecided part matters only while no witness shows that the difference exists.
      if (found === 0) undecided.push(...open.map((why) => ({ allowedBy, why })));
    }
  } finally {
    for (const solver of solvers.values()) if (!('undecided' in solver)) solver.release();
  }
  const has = (side: Side, list: ReadonlyArray<{ allowedBy: Side }>) => list.some((w) => w.allowedBy === side);
  return {
    kind: scenario.kind, account: scenario.account,
    verdict: verdictOf({ new: has('new', witnesses), old: has('old', witnesses) }, { new: has('new', undecided), old: has('old', undecided) }),
    witnesses, complete: undecided.length === 0, undecided,
  };
}

/**
 * Does the new policy allow a request the old one does not (a witness was found)? For `--fail-on
 * more-permissive`, which also fails while anything is undecided unless `--allow-incomplete` is given.
 */
export function widensAccess(result: DiffResult): boolean {
  return result.witnesses.some((w) => w.allowedBy === 'new');
}

/**
 * Reads a check's answer off the solver's model: the decision, the reason, key trust, the deciding statements
 * (from the atoms that hold in the model) and the flowchart trace. Nothing here decides anything; it reports
 * which atoms of the rules the model made true.
 */
import type { CheckAnswer, MatchedStatement, Reason } from '../answer.js';
import { QUESTIONS } from '../flowchart.js';
import type { CompiledProgram } from '../smt/compile.js';
import { Trace } from '../reference/trace.js';

/** What the model says of an atom. */
export type Holds = (predicate: string, ...args: string[]) => boolean;

export interface QuestionLabels {
  /** "the key policy" or "the trust policy". */
  policy: string;
  action: string;
  keyState?: string;
}

/** `file:line:column (at pointer)`, as the reference evaluator writes it (formatLocation). */
function locationOf(p: { file?: string; at?: string }): string | undefined {
  return p.file ? `${p.file}${p.at ? ` (at ${p.at})` : ''}` : undefined;
}

/** statementId -> its reference, from the provenance of `statement(P, S, Effect)` facts. */
function statementIndex(program: CompiledProgram): Map<string, { policy: string; ref: MatchedStatement }> {
  const index = new Map<string, { policy: string; ref: MatchedStatement }>();
  for (const a of program.ofPredicate('statement')) {
    const [policy, statement, effect] = a.args as [string, string, 'Allow' | 'Deny'];
    const p = a.provenance[0];
    if (!p) continue;
    const location = locationOf(p);
    const source = p.source === 'semantics' || p.source === 'world' ? 'iam-policy' : p.source;
    index.set(statement, { policy, ref: { source, policy: p.policy, sid: p.sid, effect, ...(location ? { location } : {}) } });
  }
  return index;
}

function grantRefs(program: CompiledProgram, holds: Holds): MatchedStatement[] {
  return program.ofPredicate('grant')
    .filter((g) => holds('grant_effective', g.args[0]!))
    .map((g) => {
      const p = g.provenance[0];
      const location = p ? locationOf(p) : undefined;
      return { source: 'grant' as const, policy: g.args[0]!, sid: p?.sid ?? g.args[0]!, effect: 'Allow' as const, ...(location ? { location } : {}) };
    });
}

export function explain(program: CompiledProgram, holds: Holds, labels: QuestionLabels, path: string[]): CheckAnswer {
  const statements = statementIndex(program);
  const inForce = (predicate: string) => (statementId: string) => {
    const s = statements.get(statementId);
    return s !== undefined && holds(predicate, s.policy);
  };
  const allowing = (policyPredicate: string, how?: string): MatchedStatement[] => [...statements.entries()]
    .filter(([id, s]) => s.ref.effect === 'Allow' && holds(policyPredicate, s.policy)
      && (how ? holds('allows', id, how) : ['identity', 'role', 'account'].some((h) => holds('allows', id, h))))
    .map(([, s]) => s.ref);
  const denies = [...statements.keys()].filter((id) => holds('denies', id) && inForce('in_force')(id)).map((id) => statements.get(id)!.ref);

  // The answer is the rules' conclusion; what follows only narrates how the flowchart reaches it.
  const decision = holds('allow') ? 'ALLOW' : 'DENY';
  const reason: Reason = holds('explicit_deny') ? 'EXPLICIT_DENY' : holds('allow') ? 'ALLOWED'
    : holds('authorized') && holds('state_blocked') ? 'KEY_STATE' : 'IMPLICIT_DENY';

  const trace = new Trace();
  const finish = (matched: MatchedStatement[]): CheckAnswer => {
    trace.part = 'key-trust';
    if (holds('service_caller')) trace.ask(QUESTIONS.trustService, true);
    else if (!trace.ask(QUESTIONS.trustSameAccount, holds('same_account'))
      && !trace.ask(QUESTIONS.trustIam, holds('iam_permits'), allowing('identity_policy'))) {
      trace.ask(QUESTIONS.trustGrant, holds('grant_allows'), grantRefs(program, holds));
    }
    return { decision, reason, trusted: holds('trusted'), path, matched, trace: trace.steps };
  };

  if (holds('account_question')) return explainAccountOperation(trace, holds, labels, { decision, reason, path, denies, iam: allowing('identity_policy'), boundary: allowing('boundary_policy'), scp: allowing('scp_policy') });
  if (trace.ask(labels.policy === 'the trust policy' ? QUESTIONS.explicitDenyAssumeRole : QUESTIONS.explicitDeny, holds('explicit_deny'), denies)) {
    return finish(denies);
  }
  const scpRefs = holds('scp_restricted') ? allowing('scp_policy') : [];
  if (holds('scp_restricted') && !trace.ask(QUESTIONS.scpAllows(labels.action), holds('scp_ok'), scpRefs)) {
    return finish([]);
  }
  if (holds('cross_account_blocked')) {
    trace.ask(QUESTIONS.crossAccount(labels.action), false);
    return finish([]);
  }
  const resourceIdentity = [...allowing('resource_policy', 'identity'), ...(holds('boundary_ok') ? allowing('resource_policy', 'role') : [])];
  const iam = holds('iam_permits') ? [...allowing('identity_policy'), ...allowing('boundary_policy')] : [];
  let route: MatchedStatement[] = [];
  if (holds('service_caller')) {
    trace.ask(QUESTIONS.serviceAllowed(labels.policy), holds('resource_allows_caller'), resourceIdentity);
    route = resourceIdentity;
  } else if (holds('same_account')) {
    if (trace.ask(QUESTIONS.callerAllowed(labels.policy), holds('resource_allows_caller'), resourceIdentity)) route = resourceIdentity;
    else {
      const delegation = allowing('resource_policy', 'account');
      if (trace.ask(QUESTIONS.accountDelegated(labels.policy), holds('resource_delegates'), delegation)) {
        trace.ask(QUESTIONS.iamAllows, holds('iam_permits'), iam);
        route = [...delegation, ...iam];
      }
    }
  } else {
    const named = allowing('resource_policy');
    if (trace.ask(QUESTIONS.otherAccountNamed(labels.policy), holds('resource_names_caller'), named)) {
      trace.ask(QUESTIONS.otherAccountIamAllows, holds('iam_permits'), iam);
      route = [...named, ...iam];
    }
  }
  const grants = grantRefs(program, holds);
  const viaRoute = holds('route_allows');
  const viaGrant = !viaRoute && labels.policy === 'the key policy' && trace.ask(QUESTIONS.grantAllows, holds('grant_allows'), grants);
  if (!holds('authorized')) return finish(route);
  const matched = [...(viaRoute ? route : viaGrant ? grants : []), ...scpRefs];
  if (labels.keyState !== undefined && !trace.ask(QUESTIONS.keyState(labels.keyState, labels.action), !holds('state_blocked'))) {
    return finish(matched);
  }
  return finish(matched);
}

interface AccountAnswerParts {
  decision: 'ALLOW' | 'DENY';
  reason: Reason;
  path: string[];
  denies: MatchedStatement[];
  iam: MatchedStatement[];
  boundary: MatchedStatement[];
  scp: MatchedStatement[];
}

/** The same questions as src/reference/account-decision.ts asks, answered from the model. */
function explainAccountOperation(trace: Trace, holds: Holds, labels: QuestionLabels, parts: AccountAnswerParts): CheckAnswer {
  const finish = (matched: MatchedStatement[]): CheckAnswer => ({
    decision: parts.decision, reason: parts.reason, trusted: holds('trusted'), path: parts.path, matched, trace: trace.steps,
  });
  if (trace.ask(QUESTIONS.explicitDenyAccount, holds('explicit_deny'), parts.denies)) return finish(parts.denies);
  const scpRefs = holds('scp_restricted') ? parts.scp : [];
  if (holds('scp_restricted') && !trace.ask(QUESTIONS.scpAllows(labels.action), holds('scp_ok'), scpRefs)) return finish([]);
  if (!trace.ask(QUESTIONS.ownAccount(labels.action), holds('own_account_request'))) return finish([]);
  const iam = holds('iam_permits') ? [...parts.iam, ...parts.boundary] : [];
  if (!trace.ask(QUESTIONS.iamAllows, holds('iam_permits'), iam)) return finish([]);
  return finish([...iam, ...scpRefs]);
}

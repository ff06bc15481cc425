/**
 * The question's program with every candidate change in it, each guarded by a free `open_choice(gate)` fact
 * (src/ir/lower/unknown-policy.ts's device for what the solver may choose): a proposed statement or grant takes part
 * only when its gate is chosen; a narrowed Deny, or the key state, stops applying only when its gate is chosen.
 * The proposed statements are lowered by the same lowering as the world's, so the solver judges the very statement
 * that is shown.
 */
import type { PolicySource } from '../../answer.js';
import { atom, neg, pos, str, type Atom, type Program, type Rule } from '../../ir/ast.js';
import { grantRules } from '../../ir/lower/question.js';
import { lowerStatement } from '../../ir/lower/statement.js';
import type { KmsRequest } from '../../request/kms-request.js';
import type { Candidate } from './candidates.js';
import { grantOf, statementOf, WHY_NOT_POLICY_NAME } from './proposed-statement.js';

const gateAtom = (gate: string): Atom => atom('open_choice', str(gate));
const fact = (predicate: string, ...args: string[]): Rule => ({ head: atom(predicate, ...args.map(str)), body: [] });

function isHead(rule: Rule, predicate: string, first: string): boolean {
  const arg = rule.head.args[0];
  return rule.head.predicate === predicate && arg?.kind === 'string' && arg.value === first;
}

/** A proposed Allow statement in policy `policyId`, applying only when the gate is chosen. */
function gatedStatement(c: Candidate, source: PolicySource, policyId: string, policyName: string): Rule[] {
  if (!('statement' in c.change)) return [];
  const statement = statementOf(c.change.statement, -1);
  const policy = { name: policyName, document: { version: '2012-10-17', statements: [statement], location: statement.location } };
  const rules = lowerStatement(source, policy, statement, { policyId, statementId: c.gate }, 'applies');
  return rules.map((r) => (isHead(r, 'applies', c.gate) ? { ...r, body: [...r.body, pos(gateAtom(c.gate))] } : r));
}

function addedRules(c: Candidate, req: KmsRequest): Rule[] {
  const change = c.change;
  switch (change.kind) {
    case 'add-key-policy-statement': return gatedStatement(c, 'key-policy', `key:${req.key.arn}`, 'key-policy');
    case 'add-iam-policy': {
      const policyId = `${change.identity}#inline/${change.policyName}`;
      return [fact('attached', change.identity, policyId), ...gatedStatement(c, 'iam-policy', policyId, WHY_NOT_POLICY_NAME)];
    }
    case 'add-boundary-statement': return gatedStatement(c, 'permissions-boundary', `boundary:${change.policy}`, change.policy);
    case 'add-scp-statement': return gatedStatement(c, 'scp', `scp:${change.policy}`, change.policy);
    case 'add-grant': {
      const grant = grantOf(change);
      return grantRules({ ...grant, grantId: c.gate }).map((r) =>
        (isHead(r, 'grant_constraints_hold', c.gate) ? { ...r, body: [...r.body, pos(gateAtom(c.gate))] } : r));
    }
    case 'narrow-deny':
    case 'key-state':
      return [];
  }
}

/** The program with the candidates' gates: `chosen` gates make their change, the others leave the world as it is. */
export function relaxedProgram(program: Program, candidates: readonly Candidate[], req: KmsRequest): Program {
  const narrowed = new Map(candidates.flatMap((c) => (c.statementId ? [[c.statementId, c.gate] as const] : [])));
  const enabling = candidates.find((c) => c.change.kind === 'key-state');
  const rules = program.rules.map((rule): Rule => {
    const arg = rule.head.args[0];
    const first = arg?.kind === 'string' ? arg.value : undefined;
    // A narrowed Deny no longer applies to the caller.
    const deny = rule.head.predicate === 'applies' && first !== undefined ? narrowed.get(first) : undefined;
    if (deny) return { ...rule, body: [...rule.body, neg(gateAtom(deny))] };
    // The key in its new state no longer blocks the operation (candidates.ts chose a state that does not).
    if (enabling && isHead(rule, 'state_blocks', req.operation.action)) return { ...rule, body: [...rule.body, neg(gateAtom(enabling.gate))] };
    return rule;
  });
  for (const c of candidates) rules.push(fact('open_choice', c.gate), ...addedRules(c, req));
  return { rules };
}

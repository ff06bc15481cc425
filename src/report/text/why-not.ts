/** The why-not section of a denied check's text: the sets of changes that would allow the request. */
import { createColors } from 'picocolors';
import type { CheckAnswer, WhyNotAlternative, WhyNotChange, WhyNotLimit } from '../../answer.js';
import { describeStatement } from './statement.js';

type Colors = ReturnType<typeof createColors>;

const json = (value: unknown) => JSON.stringify(value);

const LIMIT_TEXT: Record<WhyNotLimit, string> = {
  'not-cross-account': "this operation cannot be used on a KMS key of another account (kms/key-policy-modifying-external-accounts.md); call it from the key's account",
  'key-state': "the key's state blocks this operation, and no call of the key's owner leads to a state that does not (kms/key-state.md)",
  'unknown-policies': 'a policy whose document keyproof does not know (an AWS managed policy missing from the world and the snapshot) could deny whatever is changed',
};

/** One change, as lines: what to do, then the policy text or command to do it with. */
export function describeChange(change: WhyNotChange): string[] {
  const org = change.level === 'organization' ? '(organization level) ' : '';
  switch (change.kind) {
    case 'add-key-policy-statement':
      return [`${org}add this statement to the key policy of ${change.key}:`, `  ${json(change.statement)}`];
    case 'add-iam-policy':
      return [`${org}attach an inline policy "${change.policyName}" to ${change.identity}:`, `  ${json({ Version: '2012-10-17', Statement: [change.statement] })}`];
    case 'add-boundary-statement':
      return [`${org}add this statement to the permissions boundary ${change.policy} of ${change.identity}:`, `  ${json(change.statement)}`];
    case 'add-scp-statement':
      return [`${org}add this statement to the SCP "${change.policy}":`, `  ${json(change.statement)}`];
    case 'add-grant':
      return [`${org}create a grant for ${change.granteePrincipal}:`,
        `  aws kms create-grant --key-id ${change.key} --grantee-principal ${change.granteePrincipal} --operations ${change.operations.map((o) => o.replace(/^kms:/, '')).join(' ')}`];
    case 'narrow-deny':
      return [`${org}narrow the Deny so that it no longer applies to the caller: ${describeStatement(change.deny)}`, `  add to its Condition: ${json(change.condition)}`];
    case 'key-state':
      return [`${org}bring the key ${change.key} from ${change.from} to ${change.to}: ${change.calls.join(', then ')}`];
  }
}

function describeAlternative(alternative: WhyNotAlternative, n: number): string[] {
  if (alternative.changes.length === 1) {
    const [first, ...rest] = describeChange(alternative.changes[0]!);
    return [`  ${n}. ${first}`, ...rest.map((l) => `     ${l}`)];
  }
  const lines = [`  ${n}. all of these ${alternative.changes.length} changes:`];
  for (const change of alternative.changes) {
    const [first, ...rest] = describeChange(change);
    lines.push(`     - ${first}`, ...rest.map((l) => `       ${l}`));
  }
  return lines;
}

/** The section's lines (none when the answer carries no why-not). */
export function renderWhyNot(answer: CheckAnswer, pc: Colors): string[] {
  if (answer.whyNot === undefined) return [];
  const lines = ['', pc.bold('What would allow it')];
  if (answer.whyNot.length === 0 && answer.whyNotLimits) {
    for (const limit of answer.whyNotLimits) lines.push(`  no change keyproof proposes allows it: ${LIMIT_TEXT[limit]}`);
  } else if (answer.whyNot.length === 0) {
    lines.push('  no change keyproof can propose allows it (a key policy or IAM statement, a grant, a boundary or SCP statement, a narrowed Deny, the key state)');
  } else {
    lines.push(pc.dim('  smallest sets of changes, each checked by the reference evaluator on the changed world'));
    answer.whyNot.forEach((alternative, i) => lines.push(...describeAlternative(alternative, i + 1)));
  }
  if (answer.whyNotIncomplete) lines.push(pc.yellow(`  the search stopped short (there may be others): ${answer.whyNotIncomplete}`));
  return lines;
}

/** Renders a check answer as text that reads like the flowchart's answer (kms/policy-evaluation.md). */
import { createColors } from 'picocolors';

type Colors = ReturnType<typeof createColors>;
import type { CheckAnswer, TraceStep } from '../../answer.js';
import { describeStatement } from './statement.js';
import { renderWhyNot } from './why-not.js';

export { describeStatement } from './statement.js';

export interface CheckSubject {
  principal: string;
  action: string;
  key: string;
}

const REASON_TEXT: Record<CheckAnswer['reason'], string> = {
  // The reason code says it all: a gloss would only repeat it ("ALLOWED (allowed)").
  ALLOWED: '',
  EXPLICIT_DENY: 'an explicit Deny applies',
  IMPLICIT_DENY: 'no key policy statement, IAM policy or grant allows it',
  KEY_STATE: 'the key state does not allow this operation',
  UNKNOWN: 'it could not be decided (see why)',
};

const PART_TITLE: Record<TraceStep['part'], string> = {
  'role-assumption': 'Role assumption',
  'use-authorization': 'Use authorization',
  'key-trust': 'Key trust',
};

function renderTrace(trace: readonly TraceStep[], pc: Colors): string[] {
  const lines: string[] = [];
  let part: string | undefined;
  let note: string | undefined;
  for (const step of trace) {
    const title = PART_TITLE[step.part];
    if (title !== part || step.note !== note) {
      lines.push('', pc.bold(title) + (step.note ? pc.dim(`  (${step.note})`) : ''));
      part = title;
      note = step.note;
    }
    const mark = step.answer ? pc.green('yes') : pc.red('no ');
    lines.push(`  ${mark}  ${step.question}`);
    for (const by of step.by) lines.push(pc.dim(`         ${describeStatement(by)}`));
  }
  return lines;
}

/** The decision, bold and coloured: ALLOW green, DENY red, UNKNOWN yellow (padded to one width). */
export function decisionText(decision: CheckAnswer['decision'], colors: boolean): string {
  const pc = createColors(colors);
  const colour = decision === 'ALLOW' ? pc.green : decision === 'DENY' ? pc.red : pc.yellow;
  return colour(pc.bold(decision.padEnd(7)));
}

/** `colors`: whether to colour the text (the CLI does so on a terminal only). */
export function renderCheckText(subject: CheckSubject, answer: CheckAnswer, colors = false): string {
  const pc = createColors(colors);
  const colour = answer.decision === 'ALLOW' ? pc.green : answer.decision === 'DENY' ? pc.red : pc.yellow;
  const lines = [
    `${colour(pc.bold(answer.decision))}  ${subject.principal} ${subject.action} on ${subject.key}`,
    `reason: ${answer.reason}${REASON_TEXT[answer.reason] ? ` (${REASON_TEXT[answer.reason]})` : ''}`,
    `key trust: ${answer.trusted ? 'trusted' : 'not trusted'}`,
    `path: ${answer.path.join(' -> ')}`,
  ];
  if (answer.detail) lines.push(`why: ${answer.detail}`);
  for (const assumption of answer.assumptions ?? []) lines.push(`assumed: ${assumption}`);
  if (answer.matched.length > 0) {
    lines.push('deciding statements:');
    // Each statement once: an SCP such as FullAWSAccess allows every hop of a role chain, and is one statement.
    for (const text of new Set(answer.matched.map(describeStatement))) lines.push(`  - ${text}`);
  }
  lines.push(...renderTrace(answer.trace, pc));
  lines.push(...renderWhyNot(answer, pc));
  return lines.join('\n') + '\n';
}

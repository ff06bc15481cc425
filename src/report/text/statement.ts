/** How a text report names a statement or grant that took part in a decision. */
import type { MatchedStatement } from '../../answer.js';

const SOURCE_TEXT: Record<MatchedStatement['source'], string> = {
  'key-policy': 'key policy', 'trust-policy': 'trust policy', 'iam-policy': 'IAM policy', grant: 'grant',
  scp: 'SCP', rcp: 'RCP', 'permissions-boundary': 'permissions boundary',
};

export function describeStatement(m: MatchedStatement): string {
  // Key and trust policies are named by what they are attached to; the others have names of their own.
  const attached = m.source === 'key-policy' || m.source === 'trust-policy';
  const what = m.source === 'grant' ? `grant ${m.sid === m.policy ? m.policy : `${m.sid} (${m.policy})`}`
    : `${SOURCE_TEXT[m.source]}${attached ? '' : ` ${m.policy}`}, statement ${/^\d+$/.test(m.sid) ? `#${m.sid}` : `"${m.sid}"`}`;
  return `${m.effect}: ${what}${m.location ? `  [${m.location}]` : ''}`;
}

/** The accounts a change describes (those its facts name), less the placeholder accounts of unknown principals. */
import { isAccountId, parseArn } from '../../policy/arn.js';
import type { ResourceChange } from './model.js';

export function accountsOfChange(resources: readonly ResourceChange[], placeholders: readonly string[]): string[] {
  const accounts = new Set<string>();
  for (const r of resources) for (const f of [...r.before, ...r.after]) {
    const arn = 'arn' in f ? f.arn : 'keyArn' in f ? f.keyArn : 'holderArn' in f ? f.holderArn : undefined;
    const account = arn ? parseArn(arn)?.account : f.kind === 'key' ? f.accountId : undefined;
    if (account && isAccountId(account) && !placeholders.includes(account)) accounts.add(account);
  }
  return [...accounts];
}

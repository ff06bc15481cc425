/**
 * The accounts a diff caller may come from. A free 12-digit account makes Z3's string solver slow (seconds per
 * query, measured on test/fixtures/diff), while a choice among constants takes milliseconds. Accounts that no
 * policy names can only be told apart by a wildcard that matches part of an account id (`1111*`, `?`): without
 * one, every unnamed account behaves like any other, so one fresh constant stands for all of them. With one, the
 * solver also gets a free 12-digit account, different from the named ones.
 */
import type { NamedPolicy, Statement } from '../../policy/model.js';

export interface AccountDomain {
  /** Every account the policies name, the key's account, and one account no policy names. */
  constants: string[];
  /** Whether a free account (12 digits, none of the constants) must be considered too. */
  anyOther: boolean;
}

function statementStrings(s: Statement): string[] {
  return [
    ...(s.principal ?? []).map((p) => p.value), ...(s.notPrincipal ?? []).map((p) => p.value),
    ...(s.resource ?? []), ...(s.notResource ?? []),
    ...s.conditions.flatMap((c) => c.values),
  ];
}

const ACCOUNT_ID = /(?<!\d)\d{12}(?!\d)/g;
/** A `?`, or a `*` next to a digit, may match part of an account id. */
const PARTIAL_ACCOUNT_WILDCARD = /\?|\d\*|\*\d/;

export function accountDomain(policies: readonly NamedPolicy[], keyAccount: string): AccountDomain {
  const strings = policies.flatMap((p) => p.document.statements.flatMap(statementStrings));
  const named = new Set([keyAccount, ...strings.flatMap((s) => s.match(ACCOUNT_ID) ?? [])]);
  let fresh = 999_999_999_999;
  while (named.has(String(fresh))) fresh--;
  return { constants: [...named, String(fresh)], anyOther: strings.some((s) => PARTIAL_ACCOUNT_WILDCARD.test(s)) };
}

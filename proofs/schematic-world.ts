/**
 * A schematic world for proofs: every policy statement's effect, principal match and match against the request
 * are left free, as are grants, attachments, boundaries, the levels SCPs/RCPs are attached at, the cross-account,
 * grant-constraint and key-state tables.
 * Properties proved over it hold for any contents of those statements. The request's fields are free strings.
 *
 * Universe: a key policy (two statements), an IAM user and an IAM role with one identity policy each, a group,
 * a permissions boundary, an SCP, an RCP and a grant; account "a1" owns the key; accounts "a1" and "a2" sit under
 * a root and an OU.
 */
import { atom, str, type Program, type Rule } from '../src/ir/ast.js';

export const KEY_POLICY = 'kp';
export const KEY_ACCOUNT = 'a1';
export const USER = 'u';
export const ROLE = 'r';
export const IDENTITY_POLICIES = ['pu', 'pr', 'pg'];
export const BOUNDARY = 'pb';
export const SCP = 'scp';
export const RCP = 'rcp';
export const GRANT = 'g';
/** The organization levels above both accounts: the root and one OU. */
export const ORG_LEVELS = ['root', 'ou'];
export const OPERATION = 'op';
export const HOWS = ['identity', 'role', 'account'] as const;

/** Predicates whose facts the proofs leave free. */
export const FREE_PREDICATES = new Set([
  'statement', 'names', 'applies', 'attached', 'in_group', 'boundary', 'org_level', 'scp_attached', 'rcp_attached', 'management_account',
  'service_linked_role', 'grant', 'grant_op', 'grantee', 'grant_constraints_hold', 'ignores_grant_constraints', 'cross_account_operation', 'state_blocks',
  'assume_role_question',
]);

const fact = (predicate: string, ...args: string[]): Rule => ({ head: atom(predicate, ...args.map(str)), body: [] });

/** A statement with free effect, principal match and request match. */
export function freeStatement(policy: string, statement: string): Rule[] {
  return [
    fact('statement', policy, statement, 'Allow'),
    fact('statement', policy, statement, 'Deny'),
    ...HOWS.map((how) => fact('names', statement, how)),
    fact('applies', statement),
  ];
}

export interface SchematicOptions {
  /** Leave out the grant (for "grants never deny"). */
  withoutGrant?: boolean;
  /** An extra statement (for "adding an Allow/Deny ..."); the property fixes its effect, its match stays free. */
  extra?: { policy: string; statement: string };
}

export function keyStatements(): string[] {
  return ['k1', 'k2'];
}

export function identityStatement(policy: string): string {
  return `${policy}#1`;
}

export function schematicWorld(options: SchematicOptions = {}): Program {
  const rules: Rule[] = [
    fact('resource_policy', KEY_POLICY),
    fact('resource_account', KEY_ACCOUNT),
    ...keyStatements().flatMap((s) => freeStatement(KEY_POLICY, s)),
    fact('user', USER), fact('role', ROLE), fact('in_group', USER, 'grp'),
    fact('attached', USER, 'pu'), fact('attached', ROLE, 'pr'), fact('attached', 'grp', 'pg'),
    ...IDENTITY_POLICIES.flatMap((p) => freeStatement(p, identityStatement(p))),
    fact('boundary', USER, BOUNDARY), fact('boundary', ROLE, BOUNDARY), ...freeStatement(BOUNDARY, 'b1'),
    // Two accounts under a root and an OU; where the SCP and the RCP are attached is free.
    ...ORG_LEVELS.flatMap((level) => [fact('org_level', KEY_ACCOUNT, level), fact('org_level', 'a2', level)]),
    fact('org_level', KEY_ACCOUNT, KEY_ACCOUNT), fact('org_level', 'a2', 'a2'),
    ...[...ORG_LEVELS, KEY_ACCOUNT, 'a2'].flatMap((level) => [fact('scp_attached', level, SCP), fact('rcp_attached', level, RCP)]),
    ...freeStatement(SCP, 's1'), ...freeStatement(RCP, 'rc1'),
    fact('management_account', 'a0'), fact('service_linked_role', ROLE),
    fact('cross_account_operation', OPERATION), fact('ignores_grant_constraints', OPERATION), fact('state_blocks', OPERATION),
    fact('assume_role_question'),
  ];
  if (!options.withoutGrant) {
    rules.push(fact('grant', GRANT), fact('grant_op', GRANT, OPERATION), ...HOWS.map((h) => fact('grantee', GRANT, h)), fact('grant_constraints_hold', GRANT));
  }
  if (options.extra) rules.push(...freeStatement(options.extra.policy, options.extra.statement));
  return { rules };
}

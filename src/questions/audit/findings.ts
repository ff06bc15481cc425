/**
 * What an audit flags about a key, from who can do what with it (src/questions/audit/audit.ts) and from the world:
 * public and external access, keys nobody can administer, principals who can widen their own access, grants to
 * principals that do not exist, and grants on keys that are disabled or pending deletion.
 */
import type { MatchedStatement } from '../../answer.js';
import type { SourceLocation } from '../../errors.js';
import { parseArn } from '../../policy/arn.js';
import { identityOf } from '../../request/caller.js';
import type { Grant, Key, World } from '../../world/model.js';
import { SERVICE_PRINCIPAL } from '../../world/grantee.js';
import { locationOf } from '../access/explanation.js';
import { matchedOf, type KeyAccess } from '../access/key-access.js';
import type { Finding } from './result.js';
import { externalAccount } from '../symbolic/principal-classes.js';

/**
 * Operations with which a principal can change who may use the key, itself included: the key policy
 * (kms/key-policy-modifying.md) and grants (kms/grants.md: a grant allows the grantee the grant's operations).
 */
const WIDENING_OPERATIONS = ['kms:PutKeyPolicy', 'kms:CreateGrant'];

/** Key states in which the key cannot be used for cryptographic operations (kms/key-state.md). */
const INACTIVE_STATES = new Set(['Disabled', 'PendingDeletion', 'PendingReplicaDeletion']);

function firstLocation(world: World, key: Key, matched: readonly MatchedStatement[]): SourceLocation | undefined {
  for (const m of matched) {
    const location = locationOf(world, key, m);
    if (location) return location;
  }
  return key.location;
}

/** Every ARN a grant could mean that the world's own accounts should hold: users, roles, their sessions, roots. */
function knownIdentities(world: World): Set<string> {
  const known = new Set<string>();
  for (const account of world.accounts.values()) {
    known.add(`arn:aws:iam::${account.id}:root`);
    for (const arn of [...account.users.keys(), ...account.roles.keys()]) known.add(arn);
  }
  return known;
}

/**
 * A role owned by AWS, such as `aws:ec2-infrastructure` (the grantee of the grants EBS creates, kms/grants.md):
 * a customer's role name cannot contain a colon (IAM role names are letters, digits and `+=,.@_-`), and AWS-owned
 * roles never appear in an account's IAM listing.
 */
const AWS_OWNED_ROLE = /^(?:assumed-role|role)\/[^/]*:/;

/**
 * A grant an AWS service created for an AWS resource ("The service creates a grant on behalf of a user in the
 * account, uses its permissions, and retires the grant as soon as its task is complete", kms/grants.md): its
 * grantee is a service principal or an AWS-owned role, or a service principal may retire it.
 */
export function serviceCreatedGrant(grant: Grant): boolean {
  const awsOwned = (principal: string) => AWS_OWNED_ROLE.test(parseArn(principal)?.resource ?? '');
  return SERVICE_PRINCIPAL.test(grant.granteePrincipal) || awsOwned(grant.granteePrincipal)
    || (grant.retiringPrincipal !== undefined && (SERVICE_PRINCIPAL.test(grant.retiringPrincipal) || awsOwned(grant.retiringPrincipal)));
}

/** Whether the principal a grant names is missing from the world although its account is described there. */
function danglingPrincipal(world: World, known: Set<string>, principal: string): boolean {
  if (SERVICE_PRINCIPAL.test(principal) || /^\d{12}$/.test(principal)) return false;
  const arn = parseArn(principal);
  if (!arn || !world.accounts.has(arn.account) || AWS_OWNED_ROLE.test(arn.resource)) return false;
  const session = /^assumed-role\/([^/]+)\//.exec(arn.resource);
  const asIdentity = session ? `arn:aws:iam::${arn.account}:role/${session[1]}` : principal;
  return !known.has(asIdentity);
}

function grantFindings(world: World, key: Key, grant: Grant, known: Set<string>): Finding[] {
  const findings: Finding[] = [];
  const name = grant.name ? `${grant.name} (${grant.grantId})` : grant.grantId;
  // A service's grant for an AWS resource names principals the service manages: it is not left dangling.
  const serviceCreated = serviceCreatedGrant(grant);
  if (!serviceCreated && danglingPrincipal(world, known, grant.granteePrincipal)) {
    findings.push({ kind: 'dangling-grant', severity: 'warning', key: key.arn, principal: grant.granteePrincipal, operations: grant.operations.map((o) => `kms:${o}`),
      message: `grant ${name} on ${key.arn} names ${grant.granteePrincipal}, which does not exist in account ${parseArn(grant.granteePrincipal)!.account}; if someone creates it, it gets the grant`, location: grant.location });
  }
  if (!serviceCreated && grant.retiringPrincipal && danglingPrincipal(world, known, grant.retiringPrincipal)) {
    findings.push({ kind: 'dangling-grant', severity: 'note', key: key.arn, principal: grant.retiringPrincipal, operations: ['kms:RetireGrant'],
      message: `grant ${name} on ${key.arn} names retiring principal ${grant.retiringPrincipal}, which does not exist in the world`, location: grant.location });
  }
  if (INACTIVE_STATES.has(key.state)) {
    findings.push({ kind: 'inactive-key-granted', severity: 'warning', key: key.arn, principal: grant.granteePrincipal, operations: grant.operations.map((o) => `kms:${o}`),
      message: `${key.arn} is ${key.state}, yet grant ${name} still gives ${grant.granteePrincipal} ${grant.operations.join(', ')}: enabling or restoring the key gives that access back`, location: grant.location });
  }
  return findings;
}

/** What an external account is outside of: the organization, or (without one) the accounts the world describes. */
const outsideWhat = (world: World) => (world.organization ? 'outside the organization' : 'an account the world does not describe');

export function findingsFor(world: World, access: KeyAccess): Finding[] {
  const { key } = access;
  const findings: Finding[] = [];
  const ops = <T>(byAction: Map<string, T> | undefined) => [...(byAction?.keys() ?? [])];

  // Outside classes: anyone (public), an account outside the organization (external).
  for (const kind of ['anyone', 'account'] as const) {
    const byValue = new Map<string, typeof access.classes>();
    for (const c of access.classes.filter((c) => c.cls.kind === kind)) byValue.set(c.cls.value, [...(byValue.get(c.cls.value) ?? []), c]);
    for (const [value, found] of byValue) {
      if (kind === 'account' && !externalAccount(world, key, value)) continue;
      findings.push({
        kind: kind === 'anyone' ? 'public' : 'external', severity: 'error', key: key.arn, principal: value, operations: found.map((f) => f.operation.action),
        message: kind === 'anyone'
          ? `anyone (any principal of any AWS account) can use ${key.arn}`
          : `principals of account ${value}, ${outsideWhat(world)}, can use ${key.arn} if their own IAM policies allow it`,
        location: firstLocation(world, key, found[0]!.outcome.matched),
      });
    }
  }
  // Identities of the world whose account is outside the organization.
  for (const caller of access.callers) {
    if (caller.kind === 'service' || !externalAccount(world, key, caller.accountId)) continue;
    const id = identityOf(caller);
    const allowed = [...ops(access.direct.get(id)), ...ops(access.chained.get(id))];
    if (allowed.length === 0) continue;
    const direct = access.direct.get(id)?.values().next().value;
    findings.push({ kind: 'external', severity: 'error', key: key.arn, principal: id, operations: allowed,
      message: `${id}, in account ${caller.accountId} ${outsideWhat(world)}, can use ${key.arn}`,
      location: firstLocation(world, key, direct ? matchedOf(world, key, direct) : []) });
  }
  // Widening: kms:PutKeyPolicy and kms:CreateGrant holders.
  let administered = access.classes.some((c) => c.operation.action === 'kms:PutKeyPolicy');
  for (const caller of access.callers) {
    const id = identityOf(caller);
    const widening = WIDENING_OPERATIONS.filter((op) => access.direct.get(id)?.has(op) || access.chained.get(id)?.has(op));
    if (widening.includes('kms:PutKeyPolicy')) administered = true;
    if (widening.length === 0) continue;
    const found = access.direct.get(id)?.get(widening[0]!);
    const through = access.chained.get(id)?.get(widening[0]!);
    findings.push({ kind: 'self-escalation', severity: caller.kind === 'root' ? 'note' : 'warning', key: key.arn, principal: id, operations: widening,
      message: `${id} can call ${widening.join(' and ')} on ${key.arn}${through ? ` (through ${through.chain.path.slice(1).join(' -> ')})` : ''}, so it can give itself or others more access to the key`,
      location: firstLocation(world, key, found ? matchedOf(world, key, found) : through ? matchedOf(world, key, through.target) : []) });
  }
  for (const c of access.classes.filter((c) => WIDENING_OPERATIONS.includes(c.operation.action))) {
    findings.push({ kind: 'self-escalation', severity: 'warning', key: key.arn, principal: c.cls.value, operations: [c.operation.action],
      message: `principals of ${c.cls.kind} ${c.cls.value} can call ${c.operation.action} on ${key.arn}, so they can give themselves more access to the key`,
      location: firstLocation(world, key, c.outcome.matched) });
  }
  // kms/key-policy-default.md#key-policy-default-allow-root-enable-iam: a key that nobody may manage is
  // "unmanageable"; without kms:PutKeyPolicy for anyone, its key policy cannot be changed again. The root user
  // of the key's account (a caller of the world, or the class of its account) counts like any other principal:
  // the default key policy's root statement is administration through IAM. Said only when the audit of the
  // key decided everything: an undecided question could be the administrator.
  if (!administered && access.undecided.length === 0) {
    findings.push({ kind: 'no-administrator', severity: 'warning', key: key.arn, principal: '', operations: ['kms:PutKeyPolicy'],
      message: `nobody can call kms:PutKeyPolicy on ${key.arn}: its key policy can no longer be changed (the key is unmanageable)`, location: key.location });
  }
  const known = knownIdentities(world);
  for (const grant of key.grants) findings.push(...grantFindings(world, key, grant, known));
  return findings;
}

/**
 * The world: accounts, their IAM identities and policies, KMS keys with their policies, grants and aliases,
 * and optionally an AWS Organization with SCPs and RCPs (../shared/spec/interface.md section 3).
 * Everything here is already parsed and validated; consumers never see raw JSON.
 */
import type { InputWarning, SourceLocation } from '../errors.js';
import type { NamedPolicy } from '../policy/model.js';

export interface World {
  /** The file the world was loaded from (for messages). */
  file: string;
  organization?: Organization;
  /** Accounts listed under `accounts`: complete, their identities are all known. Keyed by account id. */
  accounts: Map<string, Account>;
  /** Keyed by key ARN. */
  keys: Map<string, Key>;
  /** Alias ARN -> key ARN. */
  aliases: Map<string, string>;
  /**
   * AWS managed policies (`arn:aws:iam::aws:policy/...`) the world references, keyed by ARN: those it supplies, and
   * those keyproof's snapshot holds (src/world/aws-managed-snapshot.ts).
   */
  awsManagedPolicies: Map<string, ManagedPolicy>;
  /**
   * AWS managed policies referenced by ARN whose document is known neither from the world nor from the snapshot:
   * they stay in the world as unknown policies, and every answer they could change is UNKNOWN (never ignored).
   */
  missingManagedPolicies: MissingPolicy[];
  /** What AWS accepts but keyproof reads with a caveat, in the order found (see InputWarning). */
  warnings: InputWarning[];
  /** Parts of the estate a collector could not read (the world's `incomplete` list): answers depending on them are incomplete. */
  incompleteParts: IncompletePart[];
  /**
   * Parts of the estate the input source does not hold (an iam-collect store has no grants, aliases, key states or
   * key metadata): answers that depend on them are incomplete and name them. Empty for a complete world.
   */
  missingParts: MissingPart[];
}

/**
 * A part of the estate that `keyproof collect` could not read (AccessDenied, an opt-in region not enabled, throttling
 * beyond retries): the world lacks it, so an answer that depends on it may be missing principals, keys, grants or SCPs.
 */
export interface IncompletePart {
  account: string;
  /** The region, for regional services (KMS); absent for global ones (IAM, Organizations, STS). */
  region?: string;
  /** The AWS service whose call failed: `iam`, `kms`, `organizations`, `sts`, `account`. */
  service: string;
  /** The API operation that failed, e.g. `GetAccountAuthorizationDetails`. */
  operation: string;
  /** The resource the call was about (a key ARN), when the call was about one resource. */
  resource?: string;
  /** The error AWS returned (code and message). */
  error: string;
  location: SourceLocation;
}

/** A kind of data the world lacks for one account (and region), e.g. the grants of its keys. */
export interface MissingPart {
  account: string;
  region?: string;
  /** The AWS service the data belongs to, e.g. `kms`. */
  service: string;
  /** What is missing, e.g. `grants`, `aliases`, `key state`, `key metadata`, `key policy`. */
  what: string;
  /** The one resource it concerns (a key ARN), when not every resource of the account and region. */
  resource?: string;
  /** Why, e.g. the input source that does not hold it. */
  reason: string;
}

export interface MissingPolicy {
  arn: string;
  referencedBy: string;
  location: SourceLocation;
  /** The version the world pins (`awsManagedPolicies: [{ arn, versionId }]`), when the snapshot holds another one. */
  pinnedVersion?: string;
  /** The snapshot's version of the policy, when it holds one other than the pinned version. */
  snapshotVersion?: string;
  /** Why keyproof could not read the snapshot's document (it should not happen; the policy then stays unknown). */
  unreadable?: string;
}

export interface Organization {
  id: string;
  /** Member account ids. */
  accounts: string[];
  /** The management account, which SCPs never restrict (optional). */
  managementAccount?: string;
  /** The root id (`r-...`), when the world gives it (or an SCP/RCP targets it). */
  root?: string;
  /**
   * The organizational units, parents before children. An account in no unit sits directly under the root.
   * Empty when the world describes no OU structure.
   */
  units: OrganizationalUnit[];
  serviceControlPolicies: OrganizationPolicy[];
  resourceControlPolicies: OrganizationPolicy[];
}

export interface OrganizationalUnit {
  /** `ou-...` */
  id: string;
  name: string;
  /** The parent unit's id; undefined for a unit directly under the root. */
  parent?: string;
  /** Member accounts directly in this unit. */
  accounts: string[];
  location: SourceLocation;
}

export interface OrganizationPolicy extends NamedPolicy {
  /** Where the policy is attached, as written: the root id, OU ids or member account ids. */
  targets: string[];
  location: SourceLocation;
}

export interface Account {
  id: string;
  users: Map<string, User>;
  roles: Map<string, Role>;
  groups: Map<string, Group>;
  /** Customer managed policies of this account, keyed by ARN (default version only). */
  managedPolicies: Map<string, ManagedPolicy>;
  location: SourceLocation;
}

export interface ManagedPolicy extends NamedPolicy {
  arn: string;
  location: SourceLocation;
}

/** What users, roles and groups share: inline policies and attached managed policies. */
export interface PolicyHolder {
  arn: string;
  name: string;
  accountId: string;
  inlinePolicies: NamedPolicy[];
  /** ARNs of attached managed policies (resolved through the world's accounts or AWS managed policies). */
  managedPolicyArns: string[];
  location: SourceLocation;
}

export interface User extends PolicyHolder {
  kind: 'user';
  groupArns: string[];
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  /** The unique id (AIDA...), when known: it is the value of aws:userid. */
  userId?: string;
}

export interface Role extends PolicyHolder {
  kind: 'role';
  trustPolicy?: NamedPolicy;
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  /** The unique id (AROA...), when known: aws:userid of a session is `ROLEID:session`. */
  roleId?: string;
  /** Service-linked roles (path /aws-service-role/) are not restricted by SCPs or RCPs. */
  serviceLinked: boolean;
}

export interface Group extends PolicyHolder {
  kind: 'group';
}

export type KeyState =
  | 'Creating' | 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport'
  | 'PendingReplicaDeletion' | 'Unavailable' | 'Updating';

export interface Key {
  arn: string;
  /** The key id (the last part of the ARN). */
  id: string;
  accountId: string;
  region: string;
  state: KeyState;
  policy: NamedPolicy;
  grants: Grant[];
  /** Alias names, e.g. `alias/app-key`. */
  aliases: string[];
  tags: Record<string, string>;
  /** From `describe-key` KeyMetadata where given: the values of kms:KeySpec, kms:KeyUsage, kms:KeyOrigin... */
  keySpec?: string;
  keyUsage?: string;
  origin?: string;
  multiRegion?: boolean;
  /** MultiRegionConfiguration.MultiRegionKeyType of describe-key: the value of kms:MultiRegionKeyType. */
  multiRegionKeyType?: 'PRIMARY' | 'REPLICA';
  keyManager?: string;
  location: SourceLocation;
}

/** A grant as `aws kms list-grants` returns it (grants.md, create-grant-overview.md). */
export interface Grant {
  grantId: string;
  name?: string;
  keyArn: string;
  granteePrincipal: string;
  retiringPrincipal?: string;
  issuingAccount?: string;
  /** Operation names without the `kms:` prefix, e.g. `Decrypt`. */
  operations: string[];
  constraints?: GrantConstraints;
  location: SourceLocation;
}

export interface GrantConstraints {
  encryptionContextSubset?: Record<string, string>;
  encryptionContextEquals?: Record<string, string>;
}

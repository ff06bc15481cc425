/**
 * A proposed change to the world, as an infrastructure tool describes it (a Terraform plan, a CloudFormation
 * template): for each resource, the facts of the world it holds before and after the change. Applying the change
 * (apply-change.ts) retracts the facts of every changed resource and asserts its new ones, on a copy of the world.
 *
 * Values only known after the change is applied (a new key's ARN, a computed policy) are symbols: each fact that
 * stands for one names it in `unknowns`, and holds the most permissive value it could take (an upper bound), so
 * access computed on the changed world is all the access the change could give (see README, "keyproof change").
 */
import type { SourceLocation } from '../../errors.js';
import type { PolicyDocument } from '../../policy/model.js';
import type { Grant, KeyState } from '../model.js';

/** What the change does to one resource. A replacement deletes and creates (in either order). */
export type ResourceAction = 'create' | 'update' | 'delete' | 'replace' | 'no-op';

/** A resource of the change: its address in the change's own terms (Terraform address, CloudFormation logical id). */
export interface ChangeResource {
  address: string;
  type: string;
  action: ResourceAction;
  location: SourceLocation;
}

/** Where a fact says nothing about unknowns, `unknowns` is empty; otherwise it names the values it stands for. */
interface FactBase {
  /** Where the change writes it. */
  location: SourceLocation;
  /** The unknown values (e.g. `aws_iam_role.app.arn`) this fact depends on; its content is their upper bound. */
  unknowns: string[];
}

export type Fact = FactBase & (
  | { kind: 'key'; arn: string; accountId: string; region: string; state: KeyState; tags: Record<string, string>; origin?: string; keySpec?: string; keyUsage?: string; multiRegion?: boolean }
  /** `priority`: a key policy of its own resource (aws_kms_key_policy) overrides the key resource's. */
  | { kind: 'key-policy'; keyArn: string; document: PolicyDocument; priority: number }
  | { kind: 'grant'; grant: Grant }
  | { kind: 'alias'; keyArn: string; name: string }
  | { kind: 'user'; arn: string; tags: Record<string, string>; boundaryArn?: string }
  | { kind: 'role'; arn: string; tags: Record<string, string>; trustPolicy?: PolicyDocument; boundaryArn?: string }
  | { kind: 'group'; arn: string }
  | { kind: 'inline-policy'; holderArn: string; name: string; document: PolicyDocument }
  | { kind: 'managed-policy'; arn: string; document: PolicyDocument }
  | { kind: 'attachment'; holderArn: string; policyArn: string }
  | { kind: 'membership'; userArn: string; groupArn: string }
  | { kind: 'org-policy'; policyType: 'scp' | 'rcp'; id: string; name: string; document: PolicyDocument }
  | { kind: 'org-attachment'; policyId: string; target: string }
);

export type FactKind = Fact['kind'];

export type ChangeSource = 'terraform-plan' | 'cloudformation' | 'policy-diff';

/** A part of a resource keyproof cannot model: the answers it could change are incomplete, and say so. */
export interface Unsupported {
  resource: string;
  why: string;
  location: SourceLocation;
}

export interface ResourceChange {
  resource: ChangeResource;
  /** The resource's facts before the change (empty when it is created). */
  before: Fact[];
  /** Its facts after the change (empty when it is deleted). */
  after: Fact[];
}

/** A principal standing for an unknown value: any principal that value could turn out to be. */
export interface SymbolicPrincipal {
  /** The placeholder account id its principals are given (a class of principals outside the world). */
  account: string;
  /** The unknown value, e.g. `aws_kms_grant.partner.grantee_principal`. */
  value: string;
}

export interface WorldChange {
  /** `terraform-plan`, `cloudformation`, or `policy-diff` (`keyproof diff OLD NEW --world W`). */
  source: ChangeSource;
  file: string;
  resources: ResourceChange[];
  /** Accounts the change describes: without a world they are the estate, complete (README, "keyproof change"). */
  accounts: string[];
  /** Placeholder accounts of unknown principals. */
  symbolicPrincipals: SymbolicPrincipal[];
  /** Placeholder key ARNs of keys whose ARN is only known after the change, with the resource that creates each. */
  symbolicKeys: Map<string, string>;
  /** Placeholder ARNs of users, roles, groups and policies whose name is only known after the change, likewise. */
  symbolicIdentities: Map<string, string>;
  unsupported: Unsupported[];
  /** Resources the change holds that keyproof does not read, because they cannot change access to keys. */
  ignored: string[];
}

/**
 * The AWS Organization seen from the calling account: organizations:DescribeOrganization, the root (ListRoots),
 * the tree of organizational units under it (ListOrganizationalUnitsForParent, recursively) with the accounts
 * directly in each parent (ListAccountsForParent), and the SCPs and RCPs (ListPolicies, DescribePolicy,
 * ListTargetsForPolicy) of each policy type the root has enabled: a policy type that is not enabled in the root
 * applies to nothing (Organizations API reference, EnablePolicyType and the PolicyTypes of ListRoots). Each
 * verbatim output goes to `write`; failures are recorded in `log`, and the walk goes on where it can.
 */
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type Account as OrgAccount,
  type OrganizationalUnit,
  type OrganizationsClient,
  type PolicySummary,
  type PolicyTargetSummary,
  type Root,
} from '@aws-sdk/client-organizations';
import { errorCode, type IncompleteLog } from './incomplete-log.js';

/** Where verbatim outputs go: each call writes one file and returns its path relative to the world directory. */
export interface OutputSink {
  /** An API output, as stable JSON. */
  json(segments: string[], output: unknown): string;
  /** A text the API returned (a policy document held in a string), exactly. */
  text(segments: string[], text: string): string;
}

export interface CollectedOu {
  id: string;
  name: string;
  /** Account ids directly in this OU. */
  accounts: string[];
  children: CollectedOu[];
}

export interface CollectedOrgPolicy {
  id: string;
  name: string;
  /** The relative path of the policy's content (the document, exactly as DescribePolicy returns it). */
  contentFile: string;
  /** Root, OU and account ids the policy is attached to. */
  targets: string[];
}

export interface CollectedOrganization {
  id: string;
  managementAccount?: string;
  rootId?: string;
  /** Every account found in the tree (and the calling account, a member), with its state (only ACTIVE ones are collected). */
  accounts: Array<{ id: string; status: string }>;
  /** Accounts directly under the root. */
  rootAccounts: string[];
  organizationalUnits: CollectedOu[];
  serviceControlPolicies: CollectedOrgPolicy[];
  resourceControlPolicies: CollectedOrgPolicy[];
}

const POLICY_TYPES = [
  { type: 'SERVICE_CONTROL_POLICY', field: 'serviceControlPolicies', folder: 'service-control-policies' },
  { type: 'RESOURCE_CONTROL_POLICY', field: 'resourceControlPolicies', folder: 'resource-control-policies' },
] as const;

/** The organization, or undefined when the account is in none (AWSOrganizationsNotInUseException). */
export async function collectOrganization(
  client: OrganizationsClient, callerAccount: string, log: IncompleteLog, write: OutputSink,
): Promise<CollectedOrganization | undefined> {
  const part = (operation: string, resource?: string) => ({ account: callerAccount, service: 'organizations', operation, ...(resource !== undefined ? { resource } : {}) });
  let described;
  try {
    described = await client.send(new DescribeOrganizationCommand({}));
  } catch (error) {
    if (errorCode(error) === 'AWSOrganizationsNotInUseException') return undefined;
    log.record(part('DescribeOrganization'), error);
    return undefined;
  }
  write.json(['organization', 'describe-organization.json'], described);
  const id = described.Organization?.Id;
  if (id === undefined) throw new Error('organizations:DescribeOrganization returned no organization id');
  const organization: CollectedOrganization = {
    id, accounts: [], rootAccounts: [], organizationalUnits: [], serviceControlPolicies: [], resourceControlPolicies: [],
    ...(described.Organization?.MasterAccountId !== undefined ? { managementAccount: described.Organization.MasterAccountId } : {}),
  };
  // The caller is a member even when the tree cannot be listed (a member account may not call ListRoots).
  organization.accounts.push({ id: callerAccount, status: 'ACTIVE' });
  const roots = await log.attempt(part('ListRoots'), () => allPages<Root>(async (NextToken) => {
    const page = await client.send(new ListRootsCommand({ NextToken }));
    return { items: page.Roots, next: page.NextToken };
  }));
  if (roots === undefined) return organization;
  write.json(['organization', 'list-roots.json'], { Roots: roots });
  const root = roots[0];
  if (root?.Id === undefined) return organization;
  organization.rootId = root.Id;

  const walk = async (parentId: string): Promise<{ accounts: string[]; children: CollectedOu[] }> => {
    const accounts = await log.attempt(part('ListAccountsForParent', parentId), () => allPages<OrgAccount>(async (NextToken) => {
      const page = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }));
      return { items: page.Accounts, next: page.NextToken };
    }));
    const units = await log.attempt(part('ListOrganizationalUnitsForParent', parentId), () => allPages<OrganizationalUnit>(async (NextToken) => {
      const page = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }));
      return { items: page.OrganizationalUnits, next: page.NextToken };
    }));
    if (accounts) write.json(['organization', 'parents', parentId, 'list-accounts-for-parent.json'], { Accounts: accounts });
    if (units) write.json(['organization', 'parents', parentId, 'list-organizational-units-for-parent.json'], { OrganizationalUnits: units });
    for (const account of accounts ?? []) {
      if (account.Id !== undefined && account.Id !== callerAccount) organization.accounts.push({ id: account.Id, status: account.State ?? account.Status ?? 'ACTIVE' });
    }
    const children: CollectedOu[] = [];
    for (const unit of units ?? []) {
      if (unit.Id === undefined) continue;
      const below = await walk(unit.Id);
      children.push({ id: unit.Id, name: unit.Name ?? unit.Id, ...below });
    }
    return { accounts: (accounts ?? []).flatMap((a) => (a.Id !== undefined ? [a.Id] : [])).sort(), children: children.sort((a, b) => (a.id < b.id ? -1 : 1)) };
  };
  const top = await walk(root.Id);
  organization.rootAccounts = top.accounts;
  organization.organizationalUnits = top.children;
  organization.accounts.sort((a, b) => (a.id < b.id ? -1 : 1));

  for (const { type, field, folder } of POLICY_TYPES) {
    const enabled = (root.PolicyTypes ?? []).some((t) => t.Type === type && t.Status === 'ENABLED');
    if (!enabled) continue;
    const summaries = await log.attempt(part('ListPolicies', type), () => allPages<PolicySummary>(async (NextToken) => {
      const page = await client.send(new ListPoliciesCommand({ Filter: type, NextToken }));
      return { items: page.Policies, next: page.NextToken };
    }));
    for (const summary of summaries ?? []) {
      if (summary.Id === undefined) continue;
      const policy = await collectPolicy(client, summary.Id, summary, ['organization', folder, summary.Id], part, log, write);
      if (policy) organization[field].push(policy);
    }
    organization[field].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return organization;
}

async function collectPolicy(
  client: OrganizationsClient, policyId: string, summary: PolicySummary, folder: string[],
  part: (operation: string, resource?: string) => { account: string; service: string; operation: string },
  log: IncompleteLog, write: OutputSink,
): Promise<CollectedOrgPolicy | undefined> {
  const resource = summary.Arn ?? policyId;
  const described = await log.attempt(part('DescribePolicy', resource), () => client.send(new DescribePolicyCommand({ PolicyId: policyId })));
  const targets = await log.attempt(part('ListTargetsForPolicy', resource), () => allPages<PolicyTargetSummary>(async (NextToken) => {
    const page = await client.send(new ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken }));
    return { items: page.Targets, next: page.NextToken };
  }));
  const content = described?.Policy?.Content;
  if (described === undefined || targets === undefined || content === undefined) return undefined;
  write.json([...folder, 'describe-policy.json'], described);
  write.json([...folder, 'list-targets-for-policy.json'], { Targets: targets });
  return {
    id: policyId,
    name: described.Policy?.PolicySummary?.Name ?? summary.Name ?? policyId,
    contentFile: write.text([...folder, 'content.json'], content),
    targets: targets.flatMap((t) => (t.TargetId !== undefined ? [t.TargetId] : [])).sort(),
  };
}

/** Every page of a NextToken-paginated Organizations list. */
export async function allPages<T>(page: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const result = await page(token);
    items.push(...(result.items ?? []));
    token = result.next;
  } while (token !== undefined && token !== '');
  return items;
}

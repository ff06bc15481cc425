/**
 * The KMS keys of one account in one region: kms:ListKeys and kms:ListAliases, then for each key DescribeKey,
 * GetKeyPolicy (PolicyName `default`, the name GetKeyPolicy defaults to), ListGrants and
 * ListResourceTags, each written verbatim (pages merged as the AWS CLI prints them). AWS managed keys are
 * collected too; they cannot be tagged (KMS API reference, TagResource: "you cannot tag an AWS managed key"),
 * so a refused ListResourceTags on one is not a gap.
 * A key whose DescribeKey or GetKeyPolicy fails is left out; one whose grants or tags fail is kept without them;
 * both are recorded as incomplete.
 */
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  type AliasListEntry,
  type GrantListEntry,
  type KeyListEntry,
  type KMSClient,
  type Tag,
} from '@aws-sdk/client-kms';
import type { IncompleteLog, PartOf } from './incomplete-log.js';
import type { OutputSink } from './organizations.js';

export interface CollectedKey {
  arn: string;
  /** Relative paths of the verbatim outputs. */
  describeKey: string;
  keyPolicy: string;
  grants?: string;
  tags?: string;
  /** Alias names (`alias/...`) that target the key. */
  aliases: string[];
}

/** Every page of a Marker/Truncated-paginated KMS list. */
async function allKmsPages<T>(page: (marker: string | undefined) => Promise<{ items: T[] | undefined; truncated: boolean | undefined; next: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    const result = await page(marker);
    items.push(...(result.items ?? []));
    marker = result.truncated === true ? result.next : undefined;
  } while (marker !== undefined);
  return items;
}

export interface RegionListing {
  keys: KeyListEntry[];
  aliases: AliasListEntry[];
}

/** ListKeys and ListAliases of the region, or undefined (recorded) when the region cannot be read. */
export async function listRegion(kms: KMSClient, account: string, region: string, log: IncompleteLog, write: OutputSink): Promise<RegionListing | undefined> {
  const part = (operation: string): PartOf => ({ account, region, service: 'kms', operation });
  const keys = await log.attempt(part('ListKeys'), () => allKmsPages<KeyListEntry>(async (Marker) => {
    const page = await kms.send(new ListKeysCommand({ Marker }));
    return { items: page.Keys, truncated: page.Truncated, next: page.NextMarker };
  }));
  if (keys === undefined) return undefined;
  const aliases = await log.attempt(part('ListAliases'), () => allKmsPages<AliasListEntry>(async (Marker) => {
    const page = await kms.send(new ListAliasesCommand({ Marker }));
    return { items: page.Aliases, truncated: page.Truncated, next: page.NextMarker };
  }));
  const folder = ['accounts', account, 'kms', region];
  write.json([...folder, 'list-keys.json'], { Keys: keys, Truncated: false });
  if (aliases !== undefined) write.json([...folder, 'list-aliases.json'], { Aliases: aliases, Truncated: false });
  return { keys, aliases: aliases ?? [] };
}

/** One key's outputs, or undefined (recorded) when its metadata or policy cannot be read. */
export async function collectKey(
  kms: KMSClient, account: string, region: string, entry: KeyListEntry, aliases: AliasListEntry[], log: IncompleteLog, write: OutputSink,
): Promise<CollectedKey | undefined> {
  const keyId = entry.KeyId;
  if (keyId === undefined) return undefined;
  const arn = entry.KeyArn ?? `arn:aws:kms:${region}:${account}:key/${keyId}`;
  const part = (operation: string): PartOf => ({ account, region, service: 'kms', operation, resource: arn });
  const folder = ['accounts', account, 'kms', region, 'keys', keyId];

  const described = await log.attempt(part('DescribeKey'), () => kms.send(new DescribeKeyCommand({ KeyId: keyId })));
  const policy = await log.attempt(part('GetKeyPolicy'), () => kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' })));
  if (described === undefined || policy === undefined) return undefined;
  const grants = await log.attempt(part('ListGrants'), () => allKmsPages<GrantListEntry>(async (Marker) => {
    const page = await kms.send(new ListGrantsCommand({ KeyId: keyId, Marker }));
    return { items: page.Grants, truncated: page.Truncated, next: page.NextMarker };
  }));
  const awsManaged = described.KeyMetadata?.KeyManager === 'AWS';
  const listTags = () => allKmsPages<Tag>(async (Marker) => {
    const page = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Marker }));
    return { items: page.Tags, truncated: page.Truncated, next: page.NextMarker };
  });
  const tags = awsManaged ? await listTags().catch(() => undefined) : await log.attempt(part('ListResourceTags'), listTags);

  const key: CollectedKey = {
    arn,
    describeKey: write.json([...folder, 'describe-key.json'], described),
    keyPolicy: write.json([...folder, 'get-key-policy.json'], policy),
    aliases: aliases.filter((a) => a.TargetKeyId === keyId && a.AliasName !== undefined).map((a) => a.AliasName!).sort(),
  };
  if (grants !== undefined) key.grants = write.json([...folder, 'list-grants.json'], { Grants: grants, Truncated: false });
  if (tags !== undefined) key.tags = write.json([...folder, 'list-resource-tags.json'], { Tags: tags, Truncated: false });
  return key;
}

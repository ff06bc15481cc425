/**
 * The request context keyproof derives from the world for a caller and a key (../shared/spec/interface.md
 * section 1): the global keys of iam/reference_policies_condition-keys.md and kms/conditions-aws.md, and the
 * KMS keys of kms/conditions-kms.md whose values the world records. `--context` values override them.
 */
import { InputError } from '../errors.js';
import type { Key, World } from '../world/model.js';
import type { Caller } from './caller.js';

export type ContextEntries = Array<[string, string[]]>;

/** Values that describe the caller (aws:Principal*, aws:username, aws:userid, kms:CallerAccount). */
export function callerContext(world: World, caller: Caller): ContextEntries {
  const entries: ContextEntries = [];
  if (caller.kind === 'service') {
    // reference_policies_condition-keys.md#condition-keys-principalisawsservice, #...-principalservicename
    entries.push(['aws:PrincipalIsAWSService', ['true']], ['aws:PrincipalServiceName', [caller.service]]);
    return entries;
  }
  entries.push(['aws:PrincipalIsAWSService', ['false']]);
  entries.push(['aws:PrincipalAccount', [caller.accountId]]);
  // kms/conditions-kms.md#conditions-kms-caller-account
  entries.push(['kms:CallerAccount', [caller.accountId]]);
  const org = world.organization;
  if (org && org.accounts.includes(caller.accountId)) entries.push(['aws:PrincipalOrgID', [org.id]]);
  switch (caller.kind) {
    case 'user':
      // aws:PrincipalArn is the user ARN; aws:username the user's friendly name; aws:userid its unique id.
      entries.push(['aws:PrincipalArn', [caller.arn]], ['aws:PrincipalType', ['User']], ['aws:username', [caller.user.name]]);
      if (caller.user.userId) entries.push(['aws:userid', [caller.user.userId]]);
      pushTags(entries, caller.user.tags);
      break;
    case 'role-session':
      // For a role session aws:PrincipalArn is the ARN of the role, not of the session
      // (reference_policies_condition-keys.md#condition-keys-principalarn); aws:userid is ROLEID:SESSION.
      entries.push(['aws:PrincipalArn', [caller.roleArn]], ['aws:PrincipalType', ['AssumedRole']]);
      if (caller.role.roleId) entries.push(['aws:userid', [`${caller.role.roleId}:${caller.sessionName}`]]);
      pushTags(entries, caller.role.tags);
      break;
    case 'root':
      entries.push(['aws:PrincipalArn', [caller.arn]], ['aws:PrincipalType', ['Account']], ['aws:userid', [caller.accountId]]);
      break;
  }
  return entries;
}

// aws:TagKeys describes the tags in the request, not the principal's, so it is not derived here.
function pushTags(entries: ContextEntries, tags: Record<string, string>): void {
  for (const [k, v] of Object.entries(tags)) entries.push([`aws:PrincipalTag/${k}`, [v]]);
}

/**
 * What every KMS request on the key carries, whoever makes it and whatever `--context` says. Both keys are "always
 * included in the request context" (iam/reference_policies_condition-keys.md):
 * - aws:RequestedRegion (#condition-keys-requestedregion) is the Region called; a KMS request is made to the endpoint
 *   of the Region its key ARN names, so it is the key's Region;
 * - aws:SecureTransport (#condition-keys-securetransport) is true: "AWS KMS requires TLS 1.2"
 *   (https://docs.aws.amazon.com/kms/latest/developerguide/infrastructure-security.html), so no KMS request is sent
 *   without TLS.
 */
export function kmsRequestConstants(key: Key): ContextEntries {
  return [['aws:RequestedRegion', [key.region]], ['aws:SecureTransport', ['true']]];
}

/**
 * The time of a request: aws:CurrentTime and aws:EpochTime are always included in the request context
 * (iam/reference_policies_condition-keys.md#condition-keys-currenttime, #condition-keys-epochtime). A concrete check
 * is asked for a request made now (`--context` sets another time).
 */
export function requestTime(now: Date): ContextEntries {
  return [
    ['aws:CurrentTime', [now.toISOString().replace(/\.\d{3}Z$/, 'Z')]],
    ['aws:EpochTime', [String(Math.floor(now.getTime() / 1000))]],
  ];
}

/**
 * Whether the request is made by an AWS service with the caller's credentials: aws:ViaAWSService is always included
 * (iam/reference_policies_condition-keys.md#condition-keys-viaawsservice); keyproof reads a request that names
 * kms:ViaService (kms/conditions-kms.md#conditions-kms-via-service) as one made through that service, any other as
 * a direct call.
 */
export function viaServiceContext(overrides: ContextEntries): ContextEntries {
  const via = overrides.some(([k, v]) => k.toLowerCase() === 'kms:viaservice' && v.length > 0);
  return [['aws:ViaAWSService', [String(via)]]];
}

/**
 * Values that describe the KMS key (aws:ResourceTag/*, kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:ResourceAliases...)
 * and the request on it (kmsRequestConstants).
 */
export function keyContext(key: Key): ContextEntries {
  const entries: ContextEntries = [...kmsRequestConstants(key)];
  for (const [k, v] of Object.entries(key.tags)) entries.push([`aws:ResourceTag/${k}`, [v]]);
  entries.push(['aws:ResourceAccount', [key.accountId]]);
  // kms/conditions-kms.md: kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion, kms:ResourceAliases.
  if (key.keySpec) entries.push(['kms:KeySpec', [key.keySpec]]);
  if (key.keyUsage) entries.push(['kms:KeyUsage', [key.keyUsage]]);
  if (key.origin) entries.push(['kms:KeyOrigin', [key.origin]]);
  if (key.multiRegion !== undefined) entries.push(['kms:MultiRegion', [String(key.multiRegion)]]);
  // kms/conditions-kms.md#conditions-kms-multiregion-key-type: PRIMARY or REPLICA, for multi-Region keys only.
  if (key.multiRegionKeyType) entries.push(['kms:MultiRegionKeyType', [key.multiRegionKeyType]]);
  // kms:ResourceAliases is multi-valued: every alias of the key (alias-authorization.md, conditions-kms.md).
  entries.push(['kms:ResourceAliases', [...key.aliases]]);
  return entries;
}

/**
 * Parses `--context K=V` pairs. Repeating K makes a multi-valued key; `kms:EncryptionContext:NAME=VALUE`
 * also adds NAME to kms:EncryptionContextKeys (kms/conditions-kms.md#conditions-kms-encryption-context-keys).
 */
export function parseContextPairs(pairs: readonly string[]): ContextEntries {
  return contextOfValues(pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InputError(undefined, `--context: expected KEY=VALUE, got '${pair}'`);
    return [pair.slice(0, eq), [pair.slice(eq + 1)]] as const;
  }));
}

/**
 * The request context given as keys with their values (the library's `{ key: value | values }` form, or the
 * `--context` pairs one value at a time). Values of a key given twice add up (a multi-valued key); an empty list
 * is a key present with no values.
 */
export function contextOfValues(entries: Iterable<readonly [string, readonly string[]]>): ContextEntries {
  const byKey = new Map<string, [string, string[]]>();
  const add = (key: string, values: readonly string[]) => {
    const lower = key.toLowerCase();
    const entry = byKey.get(lower) ?? [key, []];
    for (const value of values) if (!entry[1].includes(value)) entry[1].push(value);
    byKey.set(lower, entry);
  };
  for (const [key, values] of entries) {
    const ec = /^kms:encryptioncontext:(.+)$/i.exec(key);
    // An encryption context is a map: one value per key (kms/conditions-kms.md#conditions-kms-encryption-context).
    if (ec && (byKey.has(key.toLowerCase()) || values.length > 1)) {
      throw new InputError(undefined, `--context: the encryption context key '${ec[1]}' is given twice; an encryption context has one value per key`);
    }
    add(key, values);
    if (ec && values.length > 0) add('kms:EncryptionContextKeys', [ec[1]!]);
  }
  return [...byKey.values()];
}

/** Later entries replace earlier ones with the same key (compared case-insensitively). */
export function mergeContext(...layers: ContextEntries[]): ContextEntries {
  const merged = new Map<string, [string, string[]]>();
  for (const layer of layers) {
    for (const [key, values] of layer) merged.set(key.toLowerCase(), [key, values]);
  }
  return [...merged.values()];
}

/**
 * The context of an sts:AssumeRole request by a caller on a role: the caller's values, the role's account, TLS (STS
 * endpoints are HTTPS endpoints) and a direct call (iam/reference_policies_condition-keys.md: aws:SecureTransport and
 * aws:ViaAWSService are always included), then `overrides`. Its Region and time are the overrides' (the request's,
 * see KmsRequest.overrides): in a symbolic question they are chosen.
 */
export function assumeRoleContext(world: World, caller: Caller, roleAccount: string, overrides: ContextEntries): ContextEntries {
  const metadata: ContextEntries = [['aws:SecureTransport', ['true']], ['aws:ViaAWSService', ['false']]];
  return mergeContext(callerContext(world, caller), [['aws:ResourceAccount', [roleAccount]]], metadata, overrides);
}

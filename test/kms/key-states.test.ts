import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import { KEY_STATE_FOOTNOTES, KEY_STATE_TABLE, keyStateRow, stateBlocksOperation } from '../../src/kms/key-states.js';
import { KMS_OPERATIONS } from '../../src/kms/operations.js';
import type { KeyState } from '../../src/world/model.js';

const ALL_STATES: KeyState[] = [
  'Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Updating',
];

describe('stateBlocksOperation, sample rows of key-state.md#key-state-table', () => {
  // Row "Decrypt | ✓ | X[1] | X [2] or [3] | X[5] | X [11] | X [14] | ✓"
  it('Decrypt', () => {
    expect(stateBlocksOperation('Enabled', 'kms:Decrypt')).toEqual({ blocked: false, outcome: 'succeeds' });
    expect(stateBlocksOperation('Disabled', 'kms:Decrypt')).toMatchObject({ blocked: true, exception: 'DisabledException' });
    expect(stateBlocksOperation('Disabled', 'kms:Decrypt').note).toContain('is disabled');
    for (const state of ['PendingDeletion', 'PendingReplicaDeletion'] as const) {
      expect(stateBlocksOperation(state, 'kms:Decrypt')).toMatchObject({
        blocked: true, exception: 'DisabledException or KMSInvalidStateException',
      });
    }
    expect(stateBlocksOperation('PendingImport', 'kms:Decrypt')).toMatchObject({ blocked: true, exception: 'KMSInvalidStateException' });
    expect(stateBlocksOperation('PendingImport', 'kms:Decrypt').note).toContain('is pending import');
    expect(stateBlocksOperation('Unavailable', 'kms:Decrypt').note).toContain('is unavailable');
    expect(stateBlocksOperation('Creating', 'kms:Decrypt')).toMatchObject({ blocked: true, exception: 'KMSInvalidStateException' });
    expect(stateBlocksOperation('Updating', 'kms:Decrypt')).toMatchObject({ blocked: false, outcome: 'succeeds' });
  });

  // Row "CancelKeyDeletion | X[4] | X[4] | ✓ | X[4] | X [4], [13] | X [4] | X [4]"
  it('CancelKeyDeletion', () => {
    expect(stateBlocksOperation('Enabled', 'CancelKeyDeletion')).toMatchObject({ blocked: true, exception: 'KMSInvalidStateException' });
    expect(stateBlocksOperation('Enabled', 'CancelKeyDeletion').note).toContain('is not pending deletion');
    expect(stateBlocksOperation('PendingDeletion', 'CancelKeyDeletion')).toEqual({ blocked: false, outcome: 'succeeds' });
    const unavailable = stateBlocksOperation('Unavailable', 'CancelKeyDeletion');
    expect(unavailable).toMatchObject({ blocked: true, exception: 'KMSInvalidStateException' });
    expect(unavailable.note).toContain('[13]');
  });

  // Row "ReEncrypt | ✓ | X[1] | X [2] or [3] | X[5] | X [11] | X [14] | ✓": both permissions of the API use it.
  it('ReEncryptFrom, ReEncryptTo and the API name ReEncrypt share the ReEncrypt row', () => {
    for (const operation of ['kms:ReEncryptFrom', 'kms:ReEncryptTo', 'ReEncrypt', 'kms:reencrypt']) {
      expect(keyStateRow(operation)?.api, operation).toBe('ReEncrypt');
      expect(stateBlocksOperation('Disabled', operation), operation).toMatchObject({ blocked: true, exception: 'DisabledException' });
    }
  });

  // Row "EnableKeyRotation | ? [7] | X [1] or [7] | X [3] or [7] | X[6] | X [7] | X [14] | ? [7]"
  it('EnableKeyRotation: conditional when Enabled, fails with either exception when Disabled', () => {
    const enabled = stateBlocksOperation('Enabled', 'kms:EnableKeyRotation');
    expect(enabled).toMatchObject({ blocked: false, outcome: 'conditional', exception: 'UnsupportedOperationException' });
    expect(enabled.note).toContain('imported key material or is in a custom key store');
    expect(stateBlocksOperation('Disabled', 'kms:EnableKeyRotation')).toMatchObject({
      blocked: true, exception: 'DisabledException or UnsupportedOperationException',
    });
    expect(stateBlocksOperation('PendingImport', 'kms:EnableKeyRotation').note).toContain('origin is EXTERNAL');
    expect(stateBlocksOperation('Updating', 'kms:EnableKeyRotation')).toMatchObject({ blocked: false, outcome: 'conditional' });
  });

  // Row "UpdateAlias | ✓ | ✓ | ?[10] | ✓ | ✓ | ✓ | ✓"
  it('UpdateAlias on a key pending deletion depends on source versus destination [10]', () => {
    const verdict = stateBlocksOperation('PendingDeletion', 'kms:UpdateAlias');
    expect(verdict).toMatchObject({ blocked: false, outcome: 'conditional', exception: 'KMSInvalidStateException' });
    expect(verdict.note).toContain('destination KMS key is pending deletion');
  });

  // Row "DeleteImportedKeyMaterial | ✓ [9] | ✓ [9] | ✓ [9] | ✓ (No effect) | N/A | X [14] | X [15]"
  it('DeleteImportedKeyMaterial keeps the remark, the N/A and the success footnote', () => {
    expect(stateBlocksOperation('PendingImport', 'kms:DeleteImportedKeyMaterial')).toEqual({ blocked: false, outcome: 'succeeds', note: 'No effect.' });
    expect(stateBlocksOperation('Unavailable', 'kms:DeleteImportedKeyMaterial')).toMatchObject({ blocked: false, outcome: 'not-applicable' });
    const enabled = stateBlocksOperation('Enabled', 'kms:DeleteImportedKeyMaterial');
    expect(enabled).toMatchObject({ blocked: false, outcome: 'succeeds' });
    expect(enabled.exception).toBeUndefined();
    expect(enabled.note).toContain('[9]');
    expect(stateBlocksOperation('Updating', 'kms:DeleteImportedKeyMaterial').note).toContain('is updating');
  });

  // Row "Sign | ✓ | X [1] | X [2] or [3] | N/A | N/A | X [14] | ✓"
  it('Sign: N/A in PendingImport and Unavailable does not block', () => {
    expect(stateBlocksOperation('PendingImport', 'kms:Sign')).toMatchObject({ blocked: false, outcome: 'not-applicable' });
    expect(stateBlocksOperation('Unavailable', 'kms:Sign')).toMatchObject({ blocked: false, outcome: 'not-applicable' });
    expect(stateBlocksOperation('Disabled', 'kms:Sign')).toMatchObject({ blocked: true });
  });

  // Row "CreateGrant | ✓ | X[1] | X [2] or [3] | X[5] | ✓ | X [14] | ✓"
  it('CreateGrant succeeds on an Unavailable key', () => {
    expect(stateBlocksOperation('Unavailable', 'kms:CreateGrant')).toEqual({ blocked: false, outcome: 'succeeds' });
    expect(stateBlocksOperation('PendingImport', 'kms:CreateGrant')).toMatchObject({ blocked: true });
  });

  // Row "ScheduleKeyDeletion | ✓ | ✓ | X[3] | ✓ | ✓ | ✓ | X [15]"
  it('ScheduleKeyDeletion fails while Updating, not while Creating', () => {
    expect(stateBlocksOperation('Updating', 'kms:ScheduleKeyDeletion')).toMatchObject({ blocked: true, exception: 'KMSInvalidStateException' });
    expect(stateBlocksOperation('Creating', 'kms:ScheduleKeyDeletion')).toMatchObject({ blocked: false });
    expect(stateBlocksOperation('PendingDeletion', 'kms:ScheduleKeyDeletion').note).toContain('is pending deletion');
  });

  // Row "EnableKey | ✓ | ✓ | X[3] | X[5] | ✓ [12] | X [14] | X [15]"
  it('EnableKey on an Unavailable key succeeds with footnote [12]', () => {
    const verdict = stateBlocksOperation('Unavailable', 'kms:EnableKey');
    expect(verdict).toMatchObject({ blocked: false, outcome: 'succeeds' });
    expect(verdict.note).toContain('does not change until it becomes available');
  });

  it('operations the page omits (no existing key) are unaffected', () => {
    for (const operation of ['kms:CreateKey', 'kms:ListKeys', 'kms:GenerateRandom', 'kms:ListRetirableGrants']) {
      for (const state of ALL_STATES) {
        expect(stateBlocksOperation(state, operation), `${operation} ${state}`).toMatchObject({ blocked: false, outcome: 'unaffected' });
      }
    }
  });

  it('rejects names that are not KMS operations', () => {
    expect(() => stateBlocksOperation('Enabled', 'kms:Frobnicate')).toThrow(InputError);
    expect(() => stateBlocksOperation('Enabled', 'kms:*')).toThrow(InputError);
  });
});

describe('KEY_STATE_TABLE against KMS_OPERATIONS', () => {
  const rowApis = KEY_STATE_TABLE.map((row) => row.api as string);

  it('every row is the API of a known operation', () => {
    const apis = new Set(KMS_OPERATIONS.map((op) => op.api as string));
    expect(rowApis.filter((api) => !apis.has(api))).toEqual([]);
  });

  it('every operation that uses a key has a row, except those added after our copy of the page', () => {
    // kms-api-permissions-reference.md (current) lists them; our June-2023 key-state.md does not.
    const missing = KMS_OPERATIONS.filter((op) => op.resource !== 'none' && !rowApis.includes(op.api));
    expect(missing.map((op) => op.name).sort()).toEqual(['DeriveSharedSecret', 'GetKeyLastUsage', 'ListKeyRotations', 'RotateKeyOnDemand']);
    for (const op of missing) expect(stateBlocksOperation('PendingImport', op.name).outcome, op.name).toBe('undocumented');
  });

  it('documented gaps: the operations without a row use no key; ListAliases uses none yet has a row', () => {
    const withoutRow = KMS_OPERATIONS.filter((op) => !rowApis.includes(op.api)).map((op) => op.name).sort();
    expect(withoutRow).toEqual([
      'ConnectCustomKeyStore', 'CreateCustomKeyStore', 'CreateKey', 'DeleteCustomKeyStore', 'DeriveSharedSecret', 'DescribeCustomKeyStores',
      'DisconnectCustomKeyStore', 'GenerateRandom', 'GetKeyLastUsage', 'ListKeyRotations', 'ListKeys', 'ListRetirableGrants',
      'RotateKeyOnDemand', 'UpdateCustomKeyStore',
    ]);
    const keylessWithRow = KMS_OPERATIONS.filter((op) => op.resource === 'none' && rowApis.includes(op.api)).map((op) => op.name);
    expect(keylessWithRow).toEqual(['ListAliases']);
  });

  it('has 40 rows, one per API, PendingDeletion and PendingReplicaDeletion sharing one column', () => {
    expect(KEY_STATE_TABLE).toHaveLength(40);
    expect(new Set(rowApis).size).toBe(40);
    for (const row of KEY_STATE_TABLE) expect(row.cells.PendingReplicaDeletion).toBe(row.cells.PendingDeletion);
  });

  it('every failing cell names an exception and every footnote is defined (property)', () => {
    const row = fc.constantFrom(...KEY_STATE_TABLE);
    const state = fc.constantFrom(...ALL_STATES);
    fc.assert(
      fc.property(row, state, (r, s) => {
        const cell = r.cells[s];
        for (const n of cell.footnotes) expect(KEY_STATE_FOOTNOTES[n]).toBeDefined();
        const verdict = stateBlocksOperation(s, r.api);
        expect(verdict.blocked).toBe(cell.outcome === 'fails');
        if (verdict.blocked) expect(verdict.exception).toMatch(/Exception/);
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});

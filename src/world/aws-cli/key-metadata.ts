/**
 * The `KeyMetadata` of `aws kms describe-key` (or the whole `{"KeyMetadata": {...}}` output): it must describe the
 * key it is attached to, and supplies the key's state, spec, usage, origin, multi-Region flag and manager (the
 * values of kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion: kms/conditions-kms.md).
 */
import { followFileRefs } from '../../input/file-refs.js';
import type { Key } from '../model.js';
import { checkFields, isPlainObject, readBoolean, readNonEmptyString, readObject, readString } from '../../input/read-value.js';
import { readKeyState } from '../key-state.js';
import type { Where } from '../../input/where.js';

const METADATA_FIELDS = [
  'AWSAccountId', 'KeyId', 'Arn', 'CreationDate', 'Enabled', 'Description', 'KeyUsage', 'KeyState', 'DeletionDate',
  'ValidTo', 'Origin', 'CustomKeyStoreId', 'CloudHsmClusterId', 'ExpirationModel', 'KeyManager',
  'CustomerMasterKeySpec', 'KeySpec', 'EncryptionAlgorithms', 'SigningAlgorithms', 'KeyAgreementAlgorithms',
  'MultiRegion', 'MultiRegionConfiguration', 'PendingDeletionWindowInDays', 'MacAlgorithms', 'XksKeyConfiguration',
  'CurrentKeyMaterialId',
];

export function applyKeyMetadata(key: Key, stateWritten: boolean, raw: unknown, rawWhere: Where): void {
  let { value, where } = followFileRefs(raw, rawWhere);
  if (isPlainObject(value) && value.KeyMetadata !== undefined) {
    checkFields(value, where, 'describe-key output', ['KeyMetadata'], 'lenient');
    where = where.at('KeyMetadata');
    value = value.KeyMetadata;
  }
  const metadata = readObject(value, where, 'the KeyMetadata of `aws kms describe-key`');
  checkFields(metadata, where, 'KeyMetadata', METADATA_FIELDS, 'lenient');

  const mustMatch = (field: string, expected: string): void => {
    if (metadata[field] === undefined) return;
    const written = readString(metadata[field], where.at(field), field);
    if (written !== expected) throw where.at(field).error(`${field} "${written}" does not match the key (${expected})`);
  };
  mustMatch('Arn', key.arn);
  mustMatch('KeyId', key.id);
  mustMatch('AWSAccountId', key.accountId);

  if (metadata.KeyState !== undefined) {
    const state = readKeyState(metadata.KeyState, where.at('KeyState'));
    if (stateWritten && state !== key.state) {
      throw where.at('KeyState').error(`KeyState "${state}" contradicts the key's state "${key.state}"; give one, or make them agree`);
    }
    key.state = state;
  }
  // kms/conditions-kms.md#conditions-kms-key-spec-replaced: CustomerMasterKeySpec is the deprecated name of KeySpec.
  const spec = metadata.KeySpec ?? metadata.CustomerMasterKeySpec;
  if (spec !== undefined) key.keySpec = readNonEmptyString(spec, where.at(metadata.KeySpec !== undefined ? 'KeySpec' : 'CustomerMasterKeySpec'), 'the key spec');
  if (metadata.KeyUsage !== undefined) key.keyUsage = readNonEmptyString(metadata.KeyUsage, where.at('KeyUsage'), 'the key usage');
  if (metadata.Origin !== undefined) key.origin = readNonEmptyString(metadata.Origin, where.at('Origin'), 'the key origin');
  if (metadata.MultiRegion !== undefined) key.multiRegion = readBoolean(metadata.MultiRegion, where.at('MultiRegion'), 'MultiRegion');
  if (metadata.MultiRegionConfiguration !== undefined) {
    // API_MultiRegionConfiguration: MultiRegionKeyType is PRIMARY or REPLICA (kms/conditions-kms.md#conditions-kms-multiregion-key-type).
    const configWhere = where.at('MultiRegionConfiguration');
    const config = readObject(metadata.MultiRegionConfiguration, configWhere, 'the MultiRegionConfiguration of describe-key');
    if (config.MultiRegionKeyType !== undefined) {
      const type = readString(config.MultiRegionKeyType, configWhere.at('MultiRegionKeyType'), 'the multi-Region key type');
      if (type !== 'PRIMARY' && type !== 'REPLICA') throw configWhere.at('MultiRegionKeyType').error(`expected PRIMARY or REPLICA, found "${type}"`);
      key.multiRegionKeyType = type;
    }
  }
  if (metadata.KeyManager !== undefined) key.keyManager = readNonEmptyString(metadata.KeyManager, where.at('KeyManager'), 'the key manager');
}

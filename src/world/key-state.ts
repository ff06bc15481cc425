/** The key state of a KMS key as the world gives it (kms/key-state.md#key-state-cmk-type). */
import type { KeyState } from './model.js';
import { describeValue } from '../input/read-value.js';
import type { Where } from '../input/where.js';

/** kms/key-state.md#key-state-cmk-type: the key states a KMS key can be in. */
export const KEY_STATES: readonly KeyState[] = [
  'Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Updating',
];

export function readKeyState(value: unknown, where: Where): KeyState {
  const state = KEY_STATES.find((s) => s === value);
  if (!state) throw where.error(`expected a key state (${KEY_STATES.join(', ')}), found ${describeValue(value)}`);
  return state;
}

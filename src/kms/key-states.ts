/**
 * How the key state of a KMS key affects each AWS KMS API operation: the "Key state table" of
 * key-state.md#key-state-table, transcribed cell by cell, with its footnotes ("Table Details").
 *
 * Legend of the page: an operation is expected to succeed (✓), fail (X) or "succeed only under certain
 * conditions" (?). Some cells are N/A. The PendingDeletion and PendingReplicaDeletion states share one column.
 * The table "includes only the API operations that use an existing KMS key"; CreateKey, ListKeys and the other
 * operations without a key are omitted, and the key state cannot affect them.
 */
import { InputError, InternalError } from '../errors.js';
import type { KeyState } from '../world/model.js';
import { findOperation, type KmsApiName } from './operations.js';

export type KeyStateOutcome = 'succeeds' | 'fails' | 'conditional' | 'not-applicable';

export interface KeyStateFootnote {
  /** The exception the footnote names, if any. */
  readonly exception?: string;
  /** The footnote as the page writes it. */
  readonly text: string;
}

// key-state.md, "Table Details".
export const KEY_STATE_FOOTNOTES: Readonly<Record<number, KeyStateFootnote>> = {
  1: { exception: 'DisabledException', text: 'DisabledException: <key ARN> is disabled.' },
  2: { exception: 'DisabledException', text: 'DisabledException: <key ARN> is pending deletion (or pending replica deletion).' },
  3: { exception: 'KMSInvalidStateException', text: 'KMSInvalidStateException: <key ARN> is pending deletion (or pending replica deletion).' },
  4: { exception: 'KMSInvalidStateException', text: 'KMSInvalidStateException: <key ARN> is not pending deletion (or pending replica deletion).' },
  5: { exception: 'KMSInvalidStateException', text: 'KMSInvalidStateException: <key ARN> is pending import.' },
  6: { exception: 'UnsupportedOperationException', text: 'UnsupportedOperationException: <key ARN> origin is EXTERNAL which is not valid for this operation.' },
  7: { exception: 'UnsupportedOperationException', text: 'If the KMS key has imported key material or is in a custom key store: UnsupportedOperationException.' },
  8: { exception: 'KMSInvalidStateException', text: 'If the KMS key has imported key material: KMSInvalidStateException' },
  9: { exception: 'UnsupportedOperationException', text: 'If the KMS key cannot or does not have imported key material: UnsupportedOperationException.' },
  10: {
    exception: 'KMSInvalidStateException',
    text: 'If the source KMS key is pending deletion, the command succeeds. If the destination KMS key is pending deletion, the command fails with error: KMSInvalidStateException : <key ARN> is pending deletion.',
  },
  11: { exception: 'KMSInvalidStateException', text: 'KMSInvalidStateException: <key ARN> is unavailable. You cannot perform this operation on an unavailable KMS key.' },
  12: { text: 'The operation succeeds, but the key state of the KMS key does not change until it becomes available.' },
  13: {
    text: 'While a KMS key in a custom key store is pending deletion, its key state remains PendingDeletion even if the KMS key becomes unavailable. This allows you to cancel deletion of the KMS key at any time during the waiting period.',
  },
  14: {
    exception: 'KMSInvalidStateException',
    text: 'KMSInvalidStateException: <key ARN> is creating. AWS KMS throws this exception while it is replicating a multi-Region key (ReplicateKey).',
  },
  15: {
    exception: 'KMSInvalidStateException',
    text: 'KMSInvalidStateException: <key ARN> is updating. AWS KMS throws this exception while it is updating the primary Region of a multi-Region key (UpdatePrimaryRegion).',
  },
};

export interface KeyStateCell {
  readonly outcome: KeyStateOutcome;
  /** The footnote numbers of the cell, in the page's order. */
  readonly footnotes: readonly number[];
  /** A parenthesised remark of the cell, e.g. `No effect`. */
  readonly remark?: string;
  /** The cell as the page writes it, e.g. `X [2] or [3]`. */
  readonly asWritten: string;
}

export interface KeyStateRow {
  readonly api: KmsApiName;
  readonly cells: Readonly<Record<KeyState, KeyStateCell>>;
}

/** One row of the page: the cells of the columns Enabled, Disabled, Pending deletion / Pending replica deletion,
 * Pending import, Unavailable, Creating, Updating, as written there. */
type WrittenRow = readonly [string, string, string, string, string, string, string];

// key-state.md#key-state-table, row by row in the page's order.
// The page omits operations without a key (CreateKey...), hence Partial.
const WRITTEN_TABLE: Readonly<Partial<Record<KmsApiName, WrittenRow>>> = {
  CancelKeyDeletion: ['X [4]', 'X [4]', '✓', 'X [4]', 'X [4], [13]', 'X [4]', 'X [4]'],
  CreateAlias: ['✓', '✓', 'X [3]', '✓', '✓', '✓', '✓'],
  CreateGrant: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', '✓', 'X [14]', '✓'],
  Decrypt: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'X [11]', 'X [14]', '✓'],
  DeleteAlias: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  DeleteImportedKeyMaterial: ['✓ [9]', '✓ [9]', '✓ [9]', '✓ (No effect)', 'N/A', 'X [14]', 'X [15]'],
  DescribeKey: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  DisableKey: ['✓', '✓', 'X [3]', 'X [5]', '✓ [12]', 'X [14]', 'X [15]'],
  DisableKeyRotation: ['? [7]', 'X [1] or [7]', 'X [3] or [7]', 'X [6]', 'X [7]', 'X [14]', '? [7]'],
  EnableKey: ['✓', '✓', 'X [3]', 'X [5]', '✓ [12]', 'X [14]', 'X [15]'],
  EnableKeyRotation: ['? [7]', 'X [1] or [7]', 'X [3] or [7]', 'X [6]', 'X [7]', 'X [14]', '? [7]'],
  Encrypt: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'X [11]', 'X [14]', '✓'],
  GenerateDataKey: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'X [11]', 'X [14]', '✓'],
  GenerateDataKeyPair: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'X [11]', 'X [14]', '✓'],
  GenerateDataKeyPairWithoutPlaintext: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'X [11]', 'X [14]', '✓'],
  GenerateDataKeyWithoutPlaintext: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'X [11]', 'X [14]', '✓'],
  GenerateMac: ['✓', 'X [1]', 'X [2] or [3]', 'N/A', 'N/A', 'X [14]', '✓'],
  GetKeyPolicy: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  GetKeyRotationStatus: ['? [7]', '? [7]', '? [7]', 'X [6]', 'X [7]', '? [7]', '? [7]'],
  GetParametersForImport: ['? [9]', '? [9]', 'X [8] or [9]', '✓', 'X [9]', 'X [14]', 'X [15]'],
  GetPublicKey: ['✓', 'X [1]', 'X [2] or [3]', 'N/A', 'N/A', 'X [14]', '✓'],
  ImportKeyMaterial: ['? [9]', '? [9]', 'X [8] or [9]', '✓', 'X [9]', 'X [14]', '✓'],
  ListAliases: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  ListGrants: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  ListKeyPolicies: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  ListResourceTags: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  PutKeyPolicy: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  ReEncrypt: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'X [11]', 'X [14]', '✓'],
  ReplicateKey: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'N/A', 'X [14]', 'X [15]'],
  RetireGrant: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  RevokeGrant: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
  ScheduleKeyDeletion: ['✓', '✓', 'X [3]', '✓', '✓', '✓', 'X [15]'],
  Sign: ['✓', 'X [1]', 'X [2] or [3]', 'N/A', 'N/A', 'X [14]', '✓'],
  TagResource: ['✓', '✓', 'X [3]', '✓', '✓', '✓', '✓'],
  UntagResource: ['✓', '✓', 'X [3]', '✓', '✓', '✓', '✓'],
  UpdateAlias: ['✓', '✓', '? [10]', '✓', '✓', '✓', '✓'],
  UpdateKeyDescription: ['✓', '✓', 'X [3]', '✓', '✓', '✓', '✓'],
  UpdatePrimaryRegion: ['✓', 'X [1]', 'X [2] or [3]', 'X [5]', 'N/A', 'X [14]', '✓'],
  Verify: ['✓', 'X [1]', 'X [2] or [3]', 'N/A', 'N/A', 'X [14]', '✓'],
  VerifyMac: ['✓', 'X [1]', 'X [2] or [3]', 'N/A', 'N/A', 'X [14]', '✓'],
};

const OUTCOME_OF_SYMBOL: Readonly<Record<string, KeyStateOutcome>> = {
  '✓': 'succeeds',
  X: 'fails',
  '?': 'conditional',
  'N/A': 'not-applicable',
};

function parseCell(asWritten: string): KeyStateCell {
  const symbol = asWritten.split(' ', 1)[0]!;
  const outcome = OUTCOME_OF_SYMBOL[symbol];
  if (!outcome) throw new InternalError(`key-state table: unknown symbol in cell "${asWritten}"`);
  const footnotes = [...asWritten.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  for (const n of footnotes) {
    if (!KEY_STATE_FOOTNOTES[n]) throw new InternalError(`key-state table: unknown footnote [${n}] in "${asWritten}"`);
  }
  const remark = /\(([^)]*)\)/.exec(asWritten)?.[1];
  return remark === undefined ? { outcome, footnotes, asWritten } : { outcome, footnotes, remark, asWritten };
}

function parseRow(api: KmsApiName, written: WrittenRow): KeyStateRow {
  const [enabled, disabled, pendingDeletion, pendingImport, unavailable, creating, updating] = written.map(parseCell) as [
    KeyStateCell, KeyStateCell, KeyStateCell, KeyStateCell, KeyStateCell, KeyStateCell, KeyStateCell,
  ];
  const cells: Record<KeyState, KeyStateCell> = {
    Enabled: enabled,
    Disabled: disabled,
    // One column of the page covers both states.
    PendingDeletion: pendingDeletion,
    PendingReplicaDeletion: pendingDeletion,
    PendingImport: pendingImport,
    Unavailable: unavailable,
    Creating: creating,
    Updating: updating,
  };
  return { api, cells: Object.freeze(cells) };
}

/** The key state table of key-state.md, one row per API operation, in the page's order. */
export const KEY_STATE_TABLE: readonly KeyStateRow[] = Object.freeze(
  (Object.entries(WRITTEN_TABLE) as [KmsApiName, WrittenRow][]).map(([api, written]) => parseRow(api, written)),
);

const ROW_OF_API = new Map<string, KeyStateRow>(KEY_STATE_TABLE.map((row) => [row.api, row]));

export interface KeyStateVerdict {
  /** True only when the table says the operation fails (X) in this key state. */
  blocked: boolean;
  /** The exception the failure raises; for a conditional cell, the one raised when the condition is not met.
   * Alternatives (`X [2] or [3]`) are joined with ` or `. */
  exception?: string;
  /** The footnotes and remarks of the cell, or why the key state does not matter. */
  note?: string;
  /** The cell's outcome; `unaffected` for an operation the table omits because it uses no existing key;
   * `undocumented` for an operation on a key that our copy of the page predates (DeriveSharedSecret...). */
  outcome: KeyStateOutcome | 'unaffected' | 'undocumented';
}

function exceptionsOf(cell: KeyStateCell): string | undefined {
  const names = new Set(cell.footnotes.map((n) => KEY_STATE_FOOTNOTES[n]!.exception).filter((e) => e !== undefined));
  return names.size === 0 ? undefined : [...names].join(' or ');
}

function noteOf(cell: KeyStateCell): string | undefined {
  const parts: string[] = [];
  if (cell.outcome === 'conditional') parts.push('Succeeds only under certain conditions (key-state.md "?").');
  if (cell.outcome === 'not-applicable') parts.push('key-state.md gives N/A for this operation in this key state.');
  if (cell.remark !== undefined) parts.push(`${cell.remark}.`);
  for (const n of cell.footnotes) parts.push(`[${n}] ${KEY_STATE_FOOTNOTES[n]!.text}`);
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** The table row for an action (`kms:Decrypt`, `Decrypt`) or API name (`ReEncrypt`), or undefined when the page
 * omits it. Throws InputError for a name that is not a KMS operation. */
export function keyStateRow(operation: string): KeyStateRow | undefined {
  const api = findOperation(operation)?.api ?? apiNamed(operation);
  if (api === undefined) throw new InputError(undefined, `a KMS operation such as kms:Decrypt, not "${operation}"`);
  return ROW_OF_API.get(api);
}

/** The API names that are not permission names: only `ReEncrypt` (ReEncryptFrom / ReEncryptTo). */
function apiNamed(name: string): KmsApiName | undefined {
  const lower = name.toLowerCase();
  return lower === 'reencrypt' || lower === 'kms:reencrypt' ? 'ReEncrypt' : undefined;
}

/**
 * Operations on a key that our copy of key-state.md predates, whose API reference lists DisabledException ("The
 * request was rejected because the specified KMS key is not enabled"): API_DeriveSharedSecret, Errors. In the other
 * states their outcome is not documented to us.
 */
const DISABLED_EXCEPTION_WITHOUT_ROW: ReadonlySet<KmsApiName> = new Set<KmsApiName>(['DeriveSharedSecret']);

/**
 * Does the key state of a key make this operation fail? Only an X cell blocks. ✓ does not; nor does ?, whose
 * conditions are not the key state (imported key material, a custom key store, source versus destination key);
 * nor does N/A. Operations without a row
 * (CreateKey, ListKeys, GenerateRandom...) use no existing key and are unaffected.
 */
export function stateBlocksOperation(state: KeyState, operation: string): KeyStateVerdict {
  const row = keyStateRow(operation);
  if (!row) {
    const api = findOperation(operation)?.api;
    if (state === 'Disabled' && api !== undefined && DISABLED_EXCEPTION_WITHOUT_ROW.has(api)) {
      return {
        blocked: true,
        outcome: 'fails',
        exception: 'DisabledException',
        note: 'The API reference lists DisabledException for this operation: "the specified KMS key is not enabled" (our copy of key-state.md has no row for it).',
      };
    }
    if (findOperation(operation)?.resource !== 'none') {
      // Operations added after our June-2023 copy of key-state.md (kms-api-permissions-reference.md lists them). Not
      // blocking keeps every access the policies give visible (an audit that under-reports is the worse error); the
      // note says the key state was not applied.
      return {
        blocked: false,
        outcome: 'undocumented',
        note: 'our copy of key-state.md has no row for this operation: the key state was not applied (it may fail in this key state).',
      };
    }
    return {
      blocked: false,
      outcome: 'unaffected',
      note: 'key-state.md omits this operation: it does not use an existing KMS key, so no key state applies.',
    };
  }
  const cell = row.cells[state];
  const verdict: KeyStateVerdict = { blocked: cell.outcome === 'fails', outcome: cell.outcome };
  const exception = cell.outcome === 'fails' || cell.outcome === 'conditional' ? exceptionsOf(cell) : undefined;
  if (exception !== undefined) verdict.exception = exception;
  const note = noteOf(cell);
  if (note !== undefined) verdict.note = note;
  return verdict;
}

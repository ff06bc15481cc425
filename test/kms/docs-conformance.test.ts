/**
 * The transcribed KMS tables compared with the documentation pages themselves, cell by cell.
 * Skipped (with a notice) where the team's copies of the AWS docs are not present.
 */
import { describe, expect, it } from 'vitest';
import { KEY_STATE_FOOTNOTES, KEY_STATE_TABLE } from '../../src/kms/key-states.js';
import { KMS_OPERATIONS, findOperation } from '../../src/kms/operations.js';
import type { KeyState } from '../../src/world/model.js';
import { bulletItemsAfter, hasAwsDoc, readAwsDoc } from './aws-doc.js';

const ICONS: Record<string, string> = { successful: '✓', 'disabled-pending-deletion': 'X', 'question-mark': '?' };

/** A cell as the page writes it, icons replaced by the legend's symbols, spaces removed: `X[2]or[3]`. */
function normaliseCell(cell: string): string {
  return cell
    .replace(/!\[\[Image NOT FOUND\]\]\(http[^)]*icon-([a-z-]+)\.png\)/g, (_, icon: string) => ICONS[icon] ?? `<${icon}>`)
    .replace(/\s+/g, '');
}

// The page's columns after "API", in order.
const COLUMNS: KeyState[][] = [
  ['Enabled'], ['Disabled'], ['PendingDeletion', 'PendingReplicaDeletion'], ['PendingImport'], ['Unavailable'], ['Creating'], ['Updating'],
];

describe.skipIf(!hasAwsDoc('kms/key-state.md'))('key-state.md', () => {
  const page = hasAwsDoc('kms/key-state.md') ? readAwsDoc('kms/key-state.md') : '';
  const header = page.split('\n').find((line) => line.startsWith('| API |')) ?? '';
  const docRows = page
    .split('\n')
    .filter((line) => /^\| [A-Z][A-Za-z]+ \|/.test(line) && !line.startsWith('| API |'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));

  it('has the columns the transcription assumes', () => {
    expect(header.replace(/\*/g, '').split('|').slice(1, -1).map((c) => c.trim().replace(/\s+/g, ' '))).toEqual([
      'API', 'Enabled', 'Disabled', 'Pending deletion Pending replica deletion', 'Pending import', 'Unavailable', 'Creating', 'Updating',
    ]);
  });

  it('lists the same operations in the same order', () => {
    expect(KEY_STATE_TABLE.map((row) => row.api)).toEqual(docRows.map((cells) => cells[0]));
  });

  it('matches every cell of every row', () => {
    const mismatches: string[] = [];
    for (const [api, ...cells] of docRows) {
      const row = KEY_STATE_TABLE.find((r) => r.api === api);
      COLUMNS.forEach((states, i) => {
        for (const state of states) {
          const ours = row?.cells[state].asWritten.replace(/\s+/g, '');
          const theirs = normaliseCell(cells[i] ?? '');
          if (ours !== theirs) mismatches.push(`${api} ${state}: page "${theirs}", ours "${ours}"`);
        }
      });
    }
    expect(mismatches).toEqual([]);
  });

  it('transcribes every footnote of "Table Details"', () => {
    const footnotes = [...page.matchAll(/^\+ \[(\d+)\] (.*)$/gm)].map((m) => [Number(m[1]), m[2]!.replace(/`/g, '').trim()] as const);
    expect(footnotes.length).toBe(15);
    for (const [n, text] of footnotes) expect(KEY_STATE_FOOTNOTES[n]?.text, `[${n}]`).toBe(text);
  });
});

describe.skipIf(!hasAwsDoc('kms/grants.md'))('grants.md#terms-grant-operations', () => {
  it('the grant operations and cryptographic operations are those of the page', () => {
    const items = bulletItemsAfter(readAwsDoc('kms/grants.md'), 'The grant operations are:');
    const [cryptoHeading, ...rest] = items;
    expect(cryptoHeading?.label).toBe('Cryptographic operations');
    const otherAt = rest.findIndex((item) => item.label === 'Other operations');
    const cryptographic = rest.slice(0, otherAt).map((i) => i.label);
    const other = rest.slice(otherAt + 1).map((i) => i.label);
    // DeriveSharedSecret came after our copy (API_GrantListEntry, API_KeyLastUsageData; docs/references/README.md).
    const since = ['DeriveSharedSecret'];
    expect(KMS_OPERATIONS.filter((op) => op.cryptographic).map((op) => op.name).sort()).toEqual([...cryptographic, ...since].sort());
    expect(KMS_OPERATIONS.filter((op) => op.grantOperation).map((op) => op.name).sort()).toEqual([...cryptographic, ...other, ...since].sort());
  });
});

describe.skipIf(!hasAwsDoc('kms/key-policy-modifying-external-accounts.md'))('key-policy-modifying-external-accounts.md', () => {
  it('the cross-account operations are the listed ones, "Cryptographic operations" expanded', () => {
    const listed = bulletItemsAfter(readAwsDoc('kms/key-policy-modifying-external-accounts.md'), 'Cross-account permission is effective only')
      .map((item) => item.label);
    expect(listed[0]).toBe('Cryptographic operations');
    for (const name of listed.slice(1)) expect(findOperation(name)?.crossAccount, name).toBe(true);
    const expected = [...KMS_OPERATIONS.filter((op) => op.cryptographic).map((op) => op.name), ...listed.slice(1)].sort();
    expect(KMS_OPERATIONS.filter((op) => op.crossAccount).map((op) => op.name).sort()).toEqual(expected);
  });
});

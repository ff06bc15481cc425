/** The text report of an audit: keys, access per operation group, findings by severity, and what was not decided. */
import { describe, expect, test } from 'vitest';
import type { AuditResult } from '../../../src/questions/audit/result.js';
import { bySeverity, findingsSummary, renderAuditText } from '../../../src/report/audit/text.js';
import {
  ALICE, APP_KEY, APP_ROLE, AUDIT_RESULT, BOB, EXTERNAL_ACCOUNT, INCOMPLETE_AUDIT_RESULT, ORGANIZATION, PUBLIC_KEY, RETIRED_KEY, VIA_S3,
} from '../../fixtures/audit-sarif-result.js';

const text = renderAuditText(AUDIT_RESULT);
const lines = text.split('\n');

/** The lines from `start` up to the next line that is indented no deeper than `start`'s. */
function block(start: string): string[] {
  const first = lines.findIndex((line) => line === start);
  expect(first, `line ${JSON.stringify(start)}`).toBeGreaterThanOrEqual(0);
  const depth = start.length - start.trimStart().length;
  const end = lines.findIndex((line, i) => i > first && (line === '' || line.length - line.trimStart().length <= depth));
  return lines.slice(first, end);
}

describe('renderAuditText', () => {
  test('each key is listed with its account, state and aliases', () => {
    expect(block(`key ${APP_KEY}`)[1]).toBe('  account 111122223333, state Enabled, aliases alias/app-key');
    expect(block(`key ${RETIRED_KEY}`)[1]).toBe('  account 111122223333, state Disabled');
  });

  test('access is grouped per operation group, with operations, what allows it and the roles assumed', () => {
    const crypto = block(`key ${APP_KEY}`).slice(block(`key ${APP_KEY}`).indexOf('  encrypt, decrypt and data keys:'));
    expect(crypto).toContain(`    ${ALICE}: Decrypt, Encrypt  [key-policy]`);
    expect(crypto).toContain(`    ${BOB} via ${APP_ROLE}: Decrypt  [iam-policy]`);
  });

  test('principals outside the world are described by their class, with the conditions that must hold', () => {
    const external = `    any principal of account ${EXTERNAL_ACCOUNT} whose own IAM policies allow it: Decrypt  [key-policy]`;
    expect(lines[lines.indexOf(external) + 1]).toBe(`        if ${VIA_S3}`);
    expect(lines).toContain('    the AWS service s3.amazonaws.com: GenerateDataKey  [key-policy]');
    expect(lines).toContain('    anyone (any principal of any AWS account): Decrypt, Encrypt  [key-policy]');
    expect(lines).toContain(`    any principal of organization ${ORGANIZATION} in an account the world does not describe: Decrypt  [key-policy]`);
  });

  test('a group nobody can use says so', () => {
    const publicKey = block(`key ${PUBLIC_KEY}`);
    expect(publicKey.slice(publicKey.indexOf('  administration:'))).toEqual(['  administration:', '    nobody']);
  });

  test('findings come most severe first, with their counts, key, principal and location', () => {
    const start = lines.indexOf('6 findings: 1 error, 3 warnings, 2 notes');
    expect(start).toBeGreaterThan(0);
    const findingLines = lines.slice(start + 1).filter((line) => /^ {2}\S/.test(line));
    expect(findingLines.map((line) => line.trim().split(/\s+/)[0])).toEqual(['error', 'warning', 'warning', 'warning', 'note', 'note']);
    expect(findingLines[0]).toBe('  error   [public] Anyone in any AWS account can use this key: Decrypt, Encrypt');
    const publicAt = lines.indexOf(findingLines[0]!);
    expect(lines[publicAt + 1]).toBe(`          key ${PUBLIC_KEY}, principal *`);
    expect(lines[publicAt + 2]).toBe('          at infra/kms/world.yaml:84:11 (at /keys/1/policy/Statement/0)');
  });

  test('a finding about the key alone names no principal and no operations', () => {
    const at = lines.findIndex((line) => line.includes('[no-administrator]'));
    expect(lines[at]).toBe('  warning [no-administrator] Nobody can change the key policy or the state of this key');
    expect(lines[at + 1]).toBe(`          key ${PUBLIC_KEY}`);
  });

  test('a complete audit says nothing about undecided questions', () => {
    expect(text).not.toContain('INCOMPLETE');
  });

  test('an incomplete audit says so before anything else, with each undecided question', () => {
    const incomplete = renderAuditText(INCOMPLETE_AUDIT_RESULT).split('\n');
    expect(incomplete[2]).toMatch(/^INCOMPLETE: /);
    expect(incomplete[3]).toBe(`  ${INCOMPLETE_AUDIT_RESULT.undecided[0]}`);
  });

  test('an audit without findings counts zero', () => {
    const empty: AuditResult = { ...AUDIT_RESULT, findings: [] };
    expect(renderAuditText(empty).trimEnd().split('\n').at(-1)).toBe('0 findings');
  });
});

describe('finding helpers', () => {
  test('bySeverity keeps the audit order within a severity and does not change its input', () => {
    const order = AUDIT_RESULT.findings.map((f) => f.kind);
    const sorted = bySeverity([...AUDIT_RESULT.findings].reverse()).map((f) => f.kind);
    expect(sorted).toEqual(['public', 'self-escalation', 'no-administrator', 'external', 'inactive-key-granted', 'dangling-grant']);
    expect(AUDIT_RESULT.findings.map((f) => f.kind)).toEqual(order);
  });

  test('findingsSummary counts in singular and plural', () => {
    expect(findingsSummary(AUDIT_RESULT.findings.slice(0, 1))).toBe('1 finding: 1 error');
    expect(findingsSummary([])).toBe('0 findings');
  });
});

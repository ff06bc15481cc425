/**
 * The pipeline formats of an audit (issue 17 item 1): findings-json (Access-Analyzer-shaped), ASFF and OCSF Detection
 * Finding, each valid against the required fields and types of its published schema (test/fixtures/*.schema.json,
 * which cite their sources), one finding per audit finding, with ids stable across runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../../src/api/check.js';
import { main } from '../../../src/cli/main.js';
import { CapturedOutput } from '../../../src/cli/output.js';
import type { AuditResult, Finding } from '../../../src/questions/audit/result.js';
import { AUDIT_FORMATS, renderAuditReport } from '../../../src/report/audit/render.js';
import { ANYONE, APP_KEY, HOSTILE_AUDIT, KEY_ADMIN, PARTNER_ACCOUNT, PARTNER_KEY, SAMPLE_AUDIT } from '../../fixtures/audit-result.js';

afterAll(closeEngines);

const NOW = new Date('2025-01-02T03:04:05.678Z');
const ajv = new Ajv({ allErrors: true });
ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)));
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures', name), 'utf8')) as object);
const validators = { asff: schema('asff-finding.schema.json'), ocsf: schema('ocsf-detection-finding-1.2.0.schema.json') };

type Json = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const render = (result: AuditResult, format: 'findings-json' | 'asff' | 'ocsf', now = NOW): Json =>
  JSON.parse(renderAuditReport(result, format, { version: '9.9.9', now })) as Json;
const findingsJson = (result: AuditResult): Json[] => render(result, 'findings-json').findings as Json[];

function expectValid(format: 'asff' | 'ocsf', document: unknown): void {
  const validate = validators[format];
  validate(document);
  expect(validate.errors ?? [], `${format} schema errors`).toEqual([]);
}

describe('the formats are registered', () => {
  test('for audit and reach, which share the format list', () => {
    expect(AUDIT_FORMATS).toEqual(expect.arrayContaining(['findings-json', 'asff', 'ocsf']));
  });
});

describe.each([['the sample audit', SAMPLE_AUDIT], ['the audit with hostile strings', HOSTILE_AUDIT]])('%s', (_name, result) => {
  test('ASFF: valid, one finding each, on the key, in its account and Region, stamped with the time', () => {
    const document = render(result, 'asff');
    expectValid('asff', document);
    const findings = document.Findings as Json[];
    expect(findings).toHaveLength(result.findings.length);
    expect(new Set(findings.map((f) => f.Id)).size).toBe(findings.length);
    findings.forEach((f, i) => {
      const source: Finding = result.findings[i]!;
      expect(f.Resources).toEqual([{ Type: 'AwsKmsKey', Id: source.key, Partition: 'aws', Region: 'us-west-2' }]);
      expect(f.AwsAccountId).toBe('444455556666');
      expect(f.ProductArn).toBe('arn:aws:securityhub:us-west-2:444455556666:product/444455556666/default');
      expect([f.CreatedAt, f.UpdatedAt]).toEqual([NOW.toISOString(), NOW.toISOString()]);
      expect(f.Description).toBe(source.message);
      expect(f.Severity.Original).toBe(source.severity);
    });
  });

  test('OCSF: valid Detection Findings (class 2004, Create), one per finding', () => {
    const events = render(result, 'ocsf') as unknown as Json[];
    expectValid('ocsf', events);
    expect(events).toHaveLength(result.findings.length);
    for (const event of events) {
      expect(event).toMatchObject({ class_uid: 2004, category_uid: 2, activity_id: 1, type_uid: 200401, time: NOW.getTime() });
      expect(event.metadata.product).toMatchObject({ name: 'keyproof', version: '9.9.9' });
    }
    expect(events.map((e) => e.finding_info.uid)).toEqual(findingsJson(result).map((f) => f.id));
  });
});

describe('findings-json', () => {
  const byKind = (kind: string) => findingsJson(SAMPLE_AUDIT).find((f) => f.kind === kind)!;

  test('principal, its type and owner account, access type, actions, conditions and sources', () => {
    expect(byKind('public')).toMatchObject({
      resource: PARTNER_KEY, principal: ANYONE, principalType: 'ANYONE', principalOwnerAccount: null, accessType: 'PUBLIC',
      actions: ['kms:Encrypt'], conditions: ['aws:SourceIp in 10.0.0.0/8'], severity: 'error',
    });
    expect(byKind('external')).toMatchObject({
      principal: PARTNER_ACCOUNT, principalType: 'ACCOUNT', principalOwnerAccount: PARTNER_ACCOUNT, accessType: 'EXTERNAL',
      actions: ['kms:Decrypt', 'kms:DescribeKey'], actionGroups: ['crypto', 'read'],
    });
    expect(byKind('external').sources).toEqual([expect.objectContaining({ type: 'KEY_POLICY', effect: 'Allow' })]);
    expect(byKind('self-escalation')).toMatchObject({ resource: APP_KEY, principal: KEY_ADMIN, principalType: 'IAM_ROLE', accessType: 'INTRA_ACCOUNT' });
    // A role of another account of the world, and the sample audit has no organization: external.
    expect(byKind('dangling-grant')).toMatchObject({ principalType: 'IAM_ROLE', principalOwnerAccount: '777788889999', accessType: 'EXTERNAL' });
    for (const f of findingsJson(SAMPLE_AUDIT)) expect(f.remediation.length).toBeGreaterThan(40);
  });

  test('ids are stable across runs, and depend on what the finding is about, not on its wording or place', () => {
    const ids = (result: AuditResult) => findingsJson(result).map((f) => f.id as string);
    const first = ids(SAMPLE_AUDIT);
    expect(new Set(first).size).toBe(first.length);
    expect(render(SAMPLE_AUDIT, 'findings-json', new Date('2030-01-01T00:00:00Z')).findings.map((f: Json) => f.id)).toEqual(first);
    const reworded: AuditResult = {
      ...SAMPLE_AUDIT,
      findings: SAMPLE_AUDIT.findings.map((f) => ({ ...f, message: `${f.message}!`, location: { file: 'moved.yaml', pointer: '/x', line: 1, column: 1 } })),
    };
    expect(ids(reworded)).toEqual(first);
    const otherPrincipal: AuditResult = { ...SAMPLE_AUDIT, findings: SAMPLE_AUDIT.findings.map((f) => ({ ...f, principal: `${f.principal}x` })) };
    for (const [i, id] of ids(otherPrincipal).entries()) expect(id).not.toBe(first[i]);
  });
});

describe('on the example world, through the CLI', () => {
  test('audit --format findings-json: the partner account is EXTERNAL, from the key policy statement', async () => {
    const output = new CapturedOutput();
    expect(await main(['audit', '--world', 'examples/world.yaml', '--format', 'findings-json'], output)).toBe(0);
    const document = JSON.parse(output.out) as Json;
    expect(document).toMatchObject({ format: 'keyproof-findings', complete: true });
    const external = (document.findings as Json[]).filter((f) => f.accessType === 'EXTERNAL');
    expect(external).toEqual([expect.objectContaining({
      kind: 'external', principal: '210987654321', principalOwnerAccount: '210987654321', resourceOwnerAccount: '444455556666',
      sources: [expect.objectContaining({ type: 'KEY_POLICY', location: expect.stringMatching(/world\.yaml:\d+:\d+/) })],
    })]);
    // Carol's access comes through KeyAdmin: the chain is a source, with the trust policy that allows it.
    const carol = (document.findings as Json[]).find((f) => f.principal === 'arn:aws:iam::444455556666:user/carol')!;
    expect(carol.sources.map((s: Json) => s.type)).toEqual(expect.arrayContaining(['TRUST_POLICY', 'ROLE_CHAIN']));
    expect(JSON.stringify(document)).not.toContain('FullAWSAccess');
  }, 120_000);

  test('reach --key partner-exchange --format asff and --format ocsf: valid', async () => {
    for (const format of ['asff', 'ocsf'] as const) {
      const output = new CapturedOutput();
      expect(await main(['reach', '--world', 'examples/world.yaml', '--key', 'partner-exchange', '--format', format], output)).toBe(0);
      expectValid(format, JSON.parse(output.out));
    }
  }, 120_000);
});

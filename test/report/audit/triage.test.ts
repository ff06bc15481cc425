/**
 * Baselines and suppressions (issue 17.2) over a hand-built audit: which findings are new, unchanged, resolved or
 * suppressed; that suppressed ones are listed (never hidden) and expired rules reported; in every audit format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { parseBaseline } from '../../../src/questions/audit/baseline-file.js';
import { findingId } from '../../../src/questions/audit/finding-id.js';
import type { AuditResult, ResolvedFinding } from '../../../src/questions/audit/result.js';
import { parseSuppressionFile, type SuppressionFile } from '../../../src/questions/audit/suppression-file.js';
import { gatingFindings, triageAudit } from '../../../src/questions/audit/triage.js';
import { SourceText } from '../../../src/input/source-text.js';
import { InputError } from '../../../src/errors.js';
import { AUDIT_FORMATS, renderAuditReport } from '../../../src/report/audit/render.js';
import { ANYONE, APP_KEY, KEY_ADMIN, PARTNER_ACCOUNT, PARTNER_KEY, SAMPLE_AUDIT } from '../../fixtures/audit-result.js';

const NOW = new Date('2026-12-02T10:00:00Z');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const suppressions = (yaml: string, file = 'keyproof.suppress.yaml'): SuppressionFile => parseSuppressionFile(SourceText.parse(file, yaml));

/** The same audit a day before: the external finding was not there, and a finding since resolved was. */
const GONE: ResolvedFinding = {
  id: 'f'.repeat(32), kind: 'self-escalation', severity: 'warning', key: APP_KEY, principal: 'arn:aws:iam::444455556666:role/OldAdmin',
  operations: ['kms:PutKeyPolicy'], message: 'arn:aws:iam::444455556666:role/OldAdmin can change the key policy',
};
const previous = SAMPLE_AUDIT.findings.filter((f) => f.kind !== 'external');
const BASELINE = { file: 'previous.json', findings: [...previous.map((f) => ({ id: findingId(SAMPLE_AUDIT, f), ...f })), GONE] };

const RULES = suppressions(`suppressions:
  - reason: the legacy readers statement is being removed (ticket SEC-12)
    kind: public
    key: alias/partner-exchange
  - reason: KeyAdmin is the key administrator
    principal: "arn:aws:iam::444455556666:role/Key*"
    action: PutKeyPolicy
    expires: 2026-12-01
  - reason: never matches
    class: service
`);

const triaged = triageAudit(SAMPLE_AUDIT, { baseline: BASELINE, suppressions: RULES, now: NOW });
const stateOf = (kind: string) => triaged.triage!.findings[SAMPLE_AUDIT.findings.findIndex((f) => f.kind === kind)]!;

describe('triageAudit', () => {
  test('marks findings new or unchanged by id, and lists the baseline findings that are gone as resolved', () => {
    expect(stateOf('external').baselineState).toBe('new');
    expect(stateOf('public').baselineState).toBe('unchanged');
    expect(triaged.triage!.baseline!.resolved).toEqual([GONE]);
  });

  test('a matching rule suppresses; an expired rule does not, and is reported with what it would match', () => {
    expect(stateOf('public').suppressedBy).toBe(0);
    expect(stateOf('self-escalation').suppressedBy).toBeUndefined();
    expect(triaged.triage!.suppressions!.rules.map((r) => [r.status, r.matches])).toEqual([['active', 1], ['expired', 1], ['active', 0]]);
    // The same rule before its expiry date (the date is the last day it applies) suppresses the finding.
    const dayBefore = triageAudit(SAMPLE_AUDIT, { suppressions: RULES, now: new Date('2026-12-01T23:59:00Z') });
    expect(dayBefore.triage!.findings[0]!.suppressedBy).toBe(1);
  });

  test('suppressed findings stay in the result; --fail-on counts only new, unsuppressed ones', () => {
    expect(triaged.findings).toEqual(SAMPLE_AUDIT.findings);
    expect(gatingFindings(triaged).map((f) => f.kind)).toEqual(['external']);
    expect(gatingFindings(SAMPLE_AUDIT)).toEqual(SAMPLE_AUDIT.findings);
  });

  test('an action rule accepts a finding only when it accepts every operation of it', () => {
    const decryptOnly = suppressions(`suppressions:\n  - reason: partner decrypts\n    principal: "${PARTNER_ACCOUNT}"\n    action: kms:Decrypt\n`);
    expect(triageAudit(SAMPLE_AUDIT, { suppressions: decryptOnly, now: NOW }).triage!.suppressions!.rules[0]!.matches).toBe(0);
    const both = suppressions(`suppressions:\n  - reason: partner decrypts\n    principalAccount: "${PARTNER_ACCOUNT}"\n    action: [decrypt, "kms:Describe*"]\n    account: "444455556666"\n`);
    expect(triageAudit(SAMPLE_AUDIT, { suppressions: both, now: NOW }).triage!.suppressions!.rules[0]!.matches).toBe(1);
  });

  test('keys match by ARN, key id or alias; principals by ARN pattern or class', () => {
    const rules = suppressions(`suppressions:
  - { reason: r, key: "${PARTNER_KEY}", kind: external }
  - { reason: r, key: 3333cccc-33cc-33cc-33cc-333333333333, kind: external }
  - { reason: r, key: partner-exchange, kind: external }
  - { reason: r, class: anyone }
  - { reason: r, principal: "${ANYONE}" }
  - { reason: r, principal: "${KEY_ADMIN}", key: alias/other }
`);
    expect(triageAudit(SAMPLE_AUDIT, { suppressions: rules, now: NOW }).triage!.suppressions!.rules.map((r) => r.matches)).toEqual([1, 1, 1, 1, 4, 0]);
  });
});

describe('suppression files', () => {
  test.each([
    ['suppressions:\n  - kind: public\n', 2, 5, 'missing the required field "reason"'],
    ['suppressions:\n  - reason: why\n', 2, 5, 'at least one of'],
    ['suppressions:\n  - reason: why\n    kind: pubic\n', 3, 11, 'did you mean "public"'],
    ['suppressions:\n  - reason: why\n    kind: public\n    expires: 31/12/2026\n', 4, 14, 'YYYY-MM-DD'],
    ['suppressions:\n  - reason: why\n    kind: public\n    expires: 2026-02-30\n', 4, 14, 'YYYY-MM-DD'],
    ['suppressions:\n  - reason: why\n    account: 123\n', 3, 14, '12-digit'],
    ['suppressions:\n  - reason: why\n    kind: public\n    expiry: 2026-01-01\n', 4, 5, 'did you mean "expires"'],
    ['suppressions:\n  - reason: why\n   kind: public\n', 3, 1, 'syntax error'],
  ])('%j: file:line:column and what was expected', (yaml, line, column, expected) => {
    let error: unknown;
    try { suppressions(yaml, 'rules.yaml'); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(expected);
    expect((error as InputError).location).toMatchObject({ file: 'rules.yaml', line, column });
  });
});

describe('baselines', () => {
  test('from findings-json and from a json audit, the same ids', () => {
    const fromPipeline = parseBaseline(SourceText.parse('a.json', renderAuditReport(SAMPLE_AUDIT, 'findings-json', { version: '0', now: NOW })));
    const fromAudit = parseBaseline(SourceText.parse('b.json', renderAuditReport(SAMPLE_AUDIT, 'json', { version: '0' })));
    expect(fromAudit.findings.map((f) => f.id)).toEqual(fromPipeline.findings.map((f) => f.id));
    expect(triageAudit(SAMPLE_AUDIT, { baseline: fromAudit, now: NOW }).triage!.findings.every((f) => f.baselineState === 'unchanged')).toBe(true);
  });

  test('anything else is refused at its place', () => {
    expect(() => parseBaseline(SourceText.parse('c.json', '{"runs": []}'))).toThrow(/c\.json:1:1.*findings-json/);
    expect(() => parseBaseline(SourceText.parse('d.json', '{"format": "keyproof-findings", "findings": [{"id": "x"}]}'))).toThrow(/d\.json.*findings\/0\/kind/);
  });
});

describe('every audit format shows the triage', () => {
  const render = (format: (typeof AUDIT_FORMATS)[number], result: AuditResult = triaged) => renderAuditReport(result, format, { version: '0', now: NOW });

  test('text: new findings marked, suppressed and resolved ones listed separately with the reason, the expired rule reported', () => {
    const text = render('text');
    expect(text).toContain('compared with the baseline previous.json: 1 new, 3 unchanged, 1 resolved');
    expect(text).toContain('3 findings: 1 error, 1 warning, 1 note (and 1 suppressed, listed below)');
    expect(text).toMatch(/\[external\] \(new\) /);
    const suppressed = text.slice(text.indexOf('suppressed: 1 finding'));
    expect(suppressed).toContain('[public] (unchanged) anyone');
    expect(suppressed).toContain('accepted by keyproof.suppress.yaml:2:5: the legacy readers statement is being removed (ticket SEC-12)');
    expect(text.slice(text.indexOf('resolved since the baseline: 1 finding'))).toContain('role/OldAdmin');
    expect(text).toContain('3 suppression rules from keyproof.suppress.yaml: 1 in use, 1 expired, 1 matching nothing');
    expect(text).toContain('keyproof.suppress.yaml:5:5: expired on 2026-12-01, no longer applies (1 finding it matched reported again): KeyAdmin is the key administrator');
  });

  test('Markdown: a separate table of suppressed findings and of resolved ones', () => {
    const md = render('md');
    expect(md).toContain('#### Suppressed findings');
    expect(md).toContain('#### Resolved since the baseline');
    expect(md).toContain('`external` (**new**)');
  });

  test('SARIF: baselineState on every result, an absent result for the resolved one, suppressions with the justification', () => {
    const log = JSON.parse(render('sarif')) as Json;
    const ajv = new Ajv({ allErrors: true });
    for (const format of ['uri', 'uri-reference', 'date-time']) ajv.addFormat(format, () => true);
    const validSarif = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object);
    expect(validSarif(log), JSON.stringify(validSarif.errors)).toBe(true);
    const run = log.runs[0];
    expect(run.results.map((r: Json) => r.baselineState)).toEqual(['unchanged', 'unchanged', 'new', 'unchanged', 'absent']);
    expect(run.results[1].suppressions).toEqual([expect.objectContaining({ kind: 'external', justification: 'the legacy readers statement is being removed (ticket SEC-12)' })]);
    expect(run.invocations[0].toolConfigurationNotifications.map((n: Json) => n.message.text)).toEqual([
      expect.stringMatching(/expired on 2026-12-01/), expect.stringMatching(/matches no finding/),
    ]);
  });

  test('findings-json: ARCHIVED with the suppression, baselineState, RESOLVED ones apart; ASFF and OCSF valid with their states', () => {
    const document = JSON.parse(render('findings-json')) as Json;
    expect(document.findings.map((f: Json) => [f.kind, f.status, f.baselineState])).toEqual([
      ['self-escalation', 'ACTIVE', 'unchanged'], ['public', 'ARCHIVED', 'unchanged'], ['external', 'ACTIVE', 'new'], ['dangling-grant', 'ACTIVE', 'unchanged'],
    ]);
    expect(document.findings[1].suppression.reason).toMatch(/SEC-12/);
    expect(document.resolved.map((f: Json) => [f.id, f.status])).toEqual([[GONE.id, 'RESOLVED']]);
    const ajv = new Ajv({ allErrors: true });
    ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
    const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures', name), 'utf8')) as object);
    const asff = JSON.parse(render('asff')) as Json;
    const validAsff = schema('asff-finding.schema.json');
    expect(validAsff(asff), JSON.stringify(validAsff.errors)).toBe(true);
    expect(asff.Findings.map((f: Json) => [f.RecordState, f.Workflow.Status])).toEqual([
      ['ACTIVE', 'NEW'], ['ACTIVE', 'SUPPRESSED'], ['ACTIVE', 'NEW'], ['ACTIVE', 'NEW'], ['ARCHIVED', 'RESOLVED'],
    ]);
    const ocsf = JSON.parse(render('ocsf')) as Json[];
    const validOcsf = schema('ocsf-detection-finding-1.2.0.schema.json');
    expect(validOcsf(ocsf), JSON.stringify(validOcsf.errors)).toBe(true);
    expect(ocsf.map((e) => [e.status_id, e.activity_id])).toEqual([[1, 1], [3, 1], [1, 1], [1, 1], [4, 3]]);
  });

  test('HTML: suppressed rows marked and the notes shown; JSON carries the triage', () => {
    const html = render('html');
    expect(html).toContain('KeyAdmin is the key administrator');
    expect(html).toContain('"suppressions":["","accepted by keyproof.suppress.yaml:2:5');
    expect((JSON.parse(render('json')) as AuditResult).triage).toEqual(triaged.triage);
  });

  test('without a baseline or rules, nothing changes', () => {
    for (const format of ['text', 'md'] as const) expect(render(format, SAMPLE_AUDIT)).not.toMatch(/baseline|suppress/);
  });
});

describe('the library functions', () => {
  test('reject bad arguments with an InputError, not a TypeError', async () => {
    const api = await import('../../../src/index.js');
    const bad: Array<() => unknown> = [
      () => api.triageAudit(undefined as never, { now: NOW }),
      () => api.triageAudit(SAMPLE_AUDIT, { now: 'today' } as never),
      () => api.gatingFindings(null as never),
      () => api.readBaseline(42 as never),
      () => api.readSuppressionFile(undefined as never),
      () => api.findingId(SAMPLE_AUDIT, {} as never),
    ];
    for (const call of bad) expect(call).toThrow(InputError);
    await expect(api.fixAudit({} as never, SAMPLE_AUDIT)).rejects.toThrow(InputError);
  });
});

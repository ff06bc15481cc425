/**
 * Glitches a reviewer saw (issue 17 item 6) that live in the reports: each of these failed on the code before.
 */
import { describe, expect, test } from 'vitest';
import type { CheckAnswer } from '../../src/answer.js';
import { renderAuditReport } from '../../src/report/audit/render.js';
import { renderCheckText } from '../../src/report/text/check.js';
import { SAMPLE_AUDIT } from '../fixtures/audit-result.js';

const allowed: CheckAnswer = { decision: 'ALLOW', reason: 'ALLOWED', trusted: true, path: ['arn:aws:iam::111122223333:user/bob'], matched: [], trace: [] };

describe('report glitches', () => {
  test('an ALLOW says "reason: ALLOWED", not "ALLOWED (allowed)"; a DENY keeps its explanation', () => {
    const text = renderCheckText({ principal: 'bob', action: 'kms:Decrypt', key: 'k' }, allowed);
    expect(text).toMatch(/^reason: ALLOWED$/m);
    expect(text).not.toContain('(allowed)');
    const denied = renderCheckText({ principal: 'bob', action: 'kms:Decrypt', key: 'k' }, { ...allowed, decision: 'DENY', reason: 'IMPLICIT_DENY' });
    expect(denied).toMatch(/^reason: IMPLICIT_DENY \(no key policy statement, IAM policy or grant allows it\)$/m);
  });

  test.each(['text', 'md'] as const)('reach output in %s is headed "keyproof reach", audit output "keyproof audit"', (format) => {
    const reach = renderAuditReport(SAMPLE_AUDIT, format, { version: '0', title: 'keyproof reach' });
    expect(reach.split('\n')[0]).toMatch(/keyproof reach/);
    expect(reach).not.toMatch(/keyproof audit/);
    const audit = renderAuditReport(SAMPLE_AUDIT, format, { version: '0' });
    expect(audit.split('\n')[0]).toMatch(/keyproof audit/);
  });

  test('a statement that allows every hop of a role chain (FullAWSAccess) is listed once among the deciding statements', () => {
    const scp = { source: 'scp' as const, policy: 'FullAWSAccess', sid: '0', effect: 'Allow' as const, location: 'world.yaml:13:21 (at /organization/serviceControlPolicies/0/document/Statement/0)' };
    const trust = (line: number) => ({ source: 'trust-policy' as const, policy: 'trust-policy', sid: '0', effect: 'Allow' as const, location: `world.yaml:${line}:15` });
    const chained: CheckAnswer = { ...allowed, matched: [trust(51), scp, trust(118), scp, scp] };
    const text = renderCheckText({ principal: 'bob', action: 'kms:Decrypt', key: 'k' }, chained);
    const deciding = text.slice(text.indexOf('deciding statements:')).split('\n').filter((line) => line.startsWith('  - '));
    expect(deciding.filter((line) => line.includes('FullAWSAccess'))).toHaveLength(1);
    expect(deciding).toHaveLength(3);
  });

  test('Markdown: ARNs in messages are code spans, not escaped text; an absolute world path is shown relative to the working directory', () => {
    const world = `${process.cwd()}/infra/world.yaml`;
    const md = renderAuditReport({ ...SAMPLE_AUDIT, world, findings: SAMPLE_AUDIT.findings.map((f) => ({ ...f, location: f.location && { ...f.location, file: world } })) }, 'md', { version: '0' });
    expect(md).not.toContain(process.cwd());
    expect(md).toContain('World: `infra/world.yaml`');
    expect(md).toContain('`infra/world.yaml:214`');
    // The public finding's message names the key ARN: inside a code span it is written as is, never arn\:aws\:kms.
    expect(md).toContain('`arn:aws:kms:us-west-2:444455556666:key/3333cccc-33cc-33cc-33cc-333333333333`');
    expect(md).not.toMatch(/arn\\:/);
  });

  test('text audit: severities and headings in colour when asked (a terminal), none otherwise', () => {
    const coloured = renderAuditReport(SAMPLE_AUDIT, 'text', { version: '0', colors: true });
    expect(coloured).toMatch(/\u001b\[31merror/);
    expect(renderAuditReport(SAMPLE_AUDIT, 'text', { version: '0' })).not.toMatch(/\u001b/);
  });
});

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
});

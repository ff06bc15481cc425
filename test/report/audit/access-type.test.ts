/**
 * findings-json's accessType (issue 17): Access Analyzer's INTRA_ORG means another account of the same
 * organization. An account the world describes is not inside anything by being described: outside the key's
 * organization, or when there is no organization, it is EXTERNAL.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { audit } from '../../../src/api/audit.js';
import { closeEngines } from '../../../src/api/check.js';
import type { AuditResult, Finding } from '../../../src/questions/audit/result.js';
import { mergeShards } from '../../../src/questions/audit/merge.js';
import { auditShard } from '../../../src/api/audit.js';
import { viewFinding } from '../../../src/report/audit/finding-view.js';
import { parseWorld } from '../../../src/world/load.js';
import { APP_KEY, SAMPLE_AUDIT } from '../../fixtures/audit-result.js';

afterAll(closeEngines);

const KEY_ACCOUNT = '444455556666';
const OTHER_ACCOUNT = '777788889999';
const ORG = 'o-a1b2c3d4e5';
const about = (principal: string, kind: Finding['kind'] = 'self-escalation'): Finding =>
  ({ kind, severity: 'warning', key: APP_KEY, principal, operations: ['kms:CreateGrant'], message: 'm' });
const accessType = (result: AuditResult, finding: Finding) => viewFinding({ ...result, findings: [finding] }, finding).accessType;
const withOrganization = (accounts: string[]): AuditResult => ({ ...SAMPLE_AUDIT, organization: { id: ORG, accounts } });

describe('accessType, from the audit result', () => {
  const role = `arn:aws:iam::${OTHER_ACCOUNT}:role/Deploy`;
  test('another account of the key\'s organization is INTRA_ORG', () => {
    expect(accessType(withOrganization([KEY_ACCOUNT, OTHER_ACCOUNT]), about(role))).toBe('INTRA_ORG');
    expect(accessType(withOrganization([KEY_ACCOUNT, OTHER_ACCOUNT]), about(OTHER_ACCOUNT))).toBe('INTRA_ORG');
  });
  test('an account outside the organization, or any other account without one, is EXTERNAL', () => {
    expect(accessType(withOrganization([KEY_ACCOUNT]), about(role))).toBe('EXTERNAL');
    expect(accessType(SAMPLE_AUDIT, about(role))).toBe('EXTERNAL');
    // The key's account outside the organization: no account is "the same organization" as the key.
    expect(accessType(withOrganization([OTHER_ACCOUNT]), about(role))).toBe('EXTERNAL');
  });
  test('the key\'s own account is INTRA_ACCOUNT with or without an organization; anyone is PUBLIC', () => {
    for (const result of [SAMPLE_AUDIT, withOrganization([KEY_ACCOUNT, OTHER_ACCOUNT])]) {
      expect(accessType(result, about(`arn:aws:iam::${KEY_ACCOUNT}:role/KeyAdmin`))).toBe('INTRA_ACCOUNT');
      expect(accessType(result, about('*', 'public'))).toBe('PUBLIC');
    }
  });
  test('an organization class is INTRA_ORG only when it is the key\'s organization', () => {
    expect(accessType(withOrganization([KEY_ACCOUNT]), about(ORG))).toBe('INTRA_ORG');
    expect(accessType(withOrganization([KEY_ACCOUNT]), about('o-zzzzzzzzzz'))).toBe('EXTERNAL');
    expect(accessType(SAMPLE_AUDIT, about(ORG))).toBe('EXTERNAL');
  });
});

describe('the audit carries the organization', () => {
  const key = `arn:aws:kms:us-west-2:${KEY_ACCOUNT}:key/1111aaaa-11aa-11aa-11aa-111111111111`;
  const deploy = `arn:aws:iam::${OTHER_ACCOUNT}:role/Deploy`;
  const worldText = (organization: boolean) => JSON.stringify({
    ...(organization ? { organization: { id: ORG, accounts: [KEY_ACCOUNT, OTHER_ACCOUNT] } } : {}),
    accounts: [
      { id: KEY_ACCOUNT },
      { id: OTHER_ACCOUNT, roles: [{ arn: deploy, trustPolicy: { Version: '2012-10-17', Statement: [] },
        policies: [{ name: 'grant', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:CreateGrant', Resource: '*' }] } }] }] },
    ],
    keys: [{ arn: key, policy: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${KEY_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: deploy }, Action: 'kms:CreateGrant', Resource: '*' },
    ] } }],
  });
  const deployAccess = (result: AuditResult) =>
    result.findings.filter((f) => f.principal === deploy).map((f) => viewFinding(result, f).accessType);

  test('a role of another member account is INTRA_ORG; the same role without an organization is EXTERNAL', async () => {
    const inOrg = await audit(parseWorld(worldText(true), 'org.json'));
    expect(inOrg.organization).toEqual({ id: ORG, accounts: [KEY_ACCOUNT, OTHER_ACCOUNT] });
    expect(deployAccess(inOrg)).toEqual(['INTRA_ORG']);
    const noOrg = await audit(parseWorld(worldText(false), 'no-org.json'));
    expect(noOrg.organization).toBeUndefined();
    expect(deployAccess(noOrg)).toEqual(['EXTERNAL']);
  });

  test('merged shards carry it too', async () => {
    const world = parseWorld(worldText(true), 'org.json');
    const shard = await auditShard(world, { index: 0, count: 1 });
    const merged = mergeShards([{ source: 'part.json', value: JSON.parse(JSON.stringify(shard)) }]);
    expect(deployAccess(merged)).toEqual(['INTRA_ORG']);
  });
});

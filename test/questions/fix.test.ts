/**
 * Fixes of findings (issue 17.3): each is a JSON Patch of the world file, and is `checked` only when auditing the
 * key again on the patched world shows the finding gone and no other access lost; otherwise `failed`, saying why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { closeEngines } from '../../src/api/check.js';
import { fixAudit } from '../../src/api/fix-check.js';
import { applyJsonPatch, PatchError } from '../../src/input/json-patch.js';
import { loadWorld } from '../../src/world/load.js';

afterAll(() => closeEngines());

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/aaaa1111-aa11-aa11-aa11-aaaaaaaa1111`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const ROOT_STATEMENT = { Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };

function worldFile(name: string, document: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'keyproof-fix-')), name);
  writeFileSync(file, JSON.stringify(document, null, 2));
  return file;
}

async function fixesOf(document: object) {
  const world = loadWorld(worldFile('world.json', document));
  // Generous time limits: a loaded machine must not turn a question into UNKNOWN here.
  const result = await fixAudit(world, await audit(world, { timeoutMs: 120_000 }), { timeoutMs: 120_000 });
  expect(result.complete, result.undecided.join('; ')).toBe(true);
  return result.findings.map((finding, i) => ({ finding, fix: result.fixes![i] }));
}

describe('applyJsonPatch', () => {
  test('add, remove and replace in objects and arrays, on a copy; a bad path is refused', () => {
    const document = { a: [1, 2, 3], b: { c: 1 } };
    expect(applyJsonPatch(document, [{ op: 'add', path: '/a/-', value: 4 }, { op: 'remove', path: '/a/0' }, { op: 'replace', path: '/b/c', value: 2 }, { op: 'add', path: '/b/d~1e', value: 3 }]))
      .toEqual({ a: [2, 3, 4], b: { c: 2, 'd/e': 3 } });
    expect(document).toEqual({ a: [1, 2, 3], b: { c: 1 } });
    expect(() => applyJsonPatch(document, [{ op: 'remove', path: '/x/y' }])).toThrow(PatchError);
    expect(() => applyJsonPatch(document, [{ op: 'remove', path: '/a/3' }])).toThrow(PatchError);
  });
});

describe('fixAudit', () => {
  test('a key public through two statements: both get aws:PrincipalOrgID, and the check passes', async () => {
    const fixes = await fixesOf({
      organization: { id: 'o-fixtest4242', accounts: [ACCOUNT] },
      accounts: [{ id: ACCOUNT, users: [{ arn: `arn:aws:iam::${ACCOUNT}:user/dev` }] }],
      keys: [{ arn: KEY, policy: { Version: '2012-10-17', Statement: [ROOT_STATEMENT,
        { Sid: 'Describe', Effect: 'Allow', Principal: '*', Action: 'kms:DescribeKey', Resource: '*' },
        { Sid: 'Encrypt', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }] } }],
    });
    const { fix } = fixes.find((f) => f.finding.kind === 'public')!;
    expect(fix?.patch).toEqual(expect.arrayContaining([
      { op: 'add', path: '/keys/0/policy/Statement/1/Condition', value: { StringEquals: { 'aws:PrincipalOrgID': 'o-fixtest4242' } } },
      { op: 'add', path: '/keys/0/policy/Statement/2/Condition/StringEquals/aws:PrincipalOrgID', value: 'o-fixtest4242' },
    ]));
    expect(fix?.check, fix?.checkNote).toBe('checked');
    expect(fix?.cites).toContain('kms/key-policy-overview.md');
  }, 120_000);

  test('a fix that leaves the finding in place is reported as failed, and one given only in words as unchecked', async () => {
    const fixes = await fixesOf({
      accounts: [{ id: ACCOUNT, roles: [{ arn: ADMIN, policies: [{ name: 'Grants', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:CreateGrant', Resource: '*' }] } }] }] }],
      keys: [{ arn: KEY, policy: { Version: '2012-10-17', Statement: [ROOT_STATEMENT,
        { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: ['kms:PutKeyPolicy', 'kms:Decrypt'], Resource: '*' }] } }],
    });
    const admin = fixes.find((f) => f.finding.kind === 'self-escalation' && f.finding.principal === ADMIN)!;
    expect(admin.fix?.patch).toEqual([{ op: 'replace', path: '/keys/0/policy/Statement/1/Action', value: 'kms:Decrypt' }]);
    // kms:CreateGrant still comes from the role's IAM policy (through the root statement).
    expect(admin.fix?.check).toBe('failed');
    expect(admin.fix?.checkNote).toMatch(/remains \(.*kms:CreateGrant/);
    const root = fixes.find((f) => f.finding.kind === 'self-escalation' && f.finding.principal.endsWith(':root'))!;
    expect(root.fix?.check).toBe('unchecked');
  }, 120_000);

  test('a dangling grant is retired and a key without administrator gets the default statement, both checked', async () => {
    const fixes = await fixesOf({
      accounts: [{ id: ACCOUNT, roles: [{ arn: ADMIN }] }],
      keys: [{
        arn: KEY,
        policy: { Version: '2012-10-17', Statement: [{ Sid: 'Use', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'kms:Decrypt', Resource: '*' }] },
        grants: [{ GrantId: 'a'.repeat(64), Name: 'old', KeyId: KEY, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/Deleted`, Operations: ['Decrypt'] }],
      }],
    });
    const dangling = fixes.find((f) => f.finding.kind === 'dangling-grant')!;
    expect(dangling.fix?.patch).toEqual([{ op: 'remove', path: '/keys/0/grants/0' }]);
    expect(dangling.fix?.check, dangling.fix?.checkNote).toBe('checked');
    const admin = fixes.find((f) => f.finding.kind === 'no-administrator')!;
    expect(admin.fix?.patch).toEqual([{ op: 'add', path: '/keys/0/policy/Statement/-', value: expect.objectContaining({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*' }) }]);
    expect(admin.fix?.check, admin.fix?.checkNote).toBe('checked');
  }, 120_000);
});

/**
 * The world's `incomplete` list (parts `keyproof collect` could not read): loaded into World.incompleteParts, and
 * answers that depend on a part say `complete: false` naming it, while answers that do not stay complete.
 * Also: `--world DIR` reads DIR/world.yaml.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { check, closeEngines } from '../../src/api/check.js';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import { whatCan } from '../../src/api/what-can.js';
import { whoCan } from '../../src/api/who-can.js';
import { InputError } from '../../src/errors.js';
import { loadWorld, parseWorld } from '../../src/world/load.js';

afterAll(closeEngines);

const EAST_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1111aaaa-11aa-11aa-11aa-111111111111';
const WEST_KEY = 'arn:aws:kms:us-west-2:111122223333:key/2222bbbb-22bb-22bb-22bb-222222222222';
const ALICE = 'arn:aws:iam::111122223333:user/alice';

function worldWith(incomplete: unknown[]): string {
  const keyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] };
  return JSON.stringify({
    accounts: [{ id: '111122223333', users: [{ arn: ALICE, policies: [{ name: 'use', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] } }] }] }],
    keys: [{ arn: EAST_KEY, policy: keyPolicy }, { arn: WEST_KEY, policy: keyPolicy }],
    incomplete,
  });
}

const KMS_WEST_PART = { account: '111122223333', region: 'us-west-2', service: 'kms', operation: 'ListGrants', resource: WEST_KEY, error: 'AccessDeniedException: not authorized' };
const IAM_PART = { account: '444455556666', service: 'sts', operation: 'AssumeRole', error: 'AccessDenied: not authorized to assume the role' };

describe('incomplete parts', () => {
  test('are read into World.incompleteParts, with their location', () => {
    const world = parseWorld(worldWith([KMS_WEST_PART, IAM_PART]), 'w.json');
    expect(world.incompleteParts.map(({ location, ...rest }) => rest)).toEqual([KMS_WEST_PART, IAM_PART]);
    expect(world.incompleteParts[1]!.location.pointer).toBe('/incomplete/1');
  });

  test('a malformed part is bad input naming the place', () => {
    expect(() => parseWorld(worldWith([{ account: '111122223333', service: 'kms', error: 'x' }]), 'w.json')).toThrow(/\/incomplete\/0.*operation/);
    expect(() => parseWorld(worldWith([{ ...IAM_PART, reason: 'x' }]), 'w.json')).toThrow(InputError);
  });

  test('a KMS part makes who-can incomplete for keys of its account and region only', async () => {
    const world = parseWorld(worldWith([KMS_WEST_PART]), 'w.json');
    const west = await whoCan(world, { key: WEST_KEY, action: 'kms:Decrypt' });
    expect(west.complete).toBe(false);
    expect(west.undecided).toEqual([expect.stringMatching(/kms:ListGrants in account 111122223333 in us-west-2 .*AccessDeniedException/)]);
    expect(west.principals.map((p) => p.arn)).toContain(ALICE);
    const east = await whoCan(world, { key: EAST_KEY, action: 'kms:Decrypt' });
    expect(east).toMatchObject({ complete: true, undecided: [] });
  });

  test('what-can and a full audit depend on every part (keys may be missing from the world)', async () => {
    const world = parseWorld(worldWith([KMS_WEST_PART]), 'w.json');
    const can = await whatCan(world, { principal: ALICE });
    expect(can.complete).toBe(false);
    expect(can.undecided.join('\n')).toContain('kms:ListGrants');
    const result = await audit(world);
    expect(result.complete).toBe(false);
    expect(result.undecided).toHaveLength(1);
  });

  test('an IAM, STS or Organizations part makes every key\'s answer incomplete (principals may be missing)', async () => {
    const world = parseWorld(worldWith([IAM_PART]), 'w.json');
    const east = await whoCan(world, { key: EAST_KEY, action: 'kms:Decrypt' });
    expect(east.complete).toBe(false);
    expect(east.undecided).toEqual([expect.stringMatching(/sts:AssumeRole in account 444455556666 failed \(AccessDenied/)]);
  });

  test('a world without `incomplete` is complete', async () => {
    const world = parseWorld(worldWith([]), 'w.json');
    expect(world.incompleteParts).toEqual([]);
    expect((await whoCan(world, { key: WEST_KEY, action: 'kms:Decrypt' })).complete).toBe(true);
  });
});

describe('a world directory', () => {
  test('--world DIR reads DIR/world.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyproof-worlddir-'));
    writeFileSync(join(dir, 'world.yaml'), worldWith([KMS_WEST_PART]));
    const world = loadWorld(dir);
    expect(world.file).toBe(join(dir, 'world.yaml'));
    expect(world.keys.size).toBe(2);
  });

  test('a directory without world.yaml is bad input naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyproof-worlddir-'));
    expect(() => loadWorld(dir)).toThrow(/is a directory, but neither a world directory \(no world\.yaml/);
  });

  describe('check (issue 15): a decision that depends on a part the world lacks is UNKNOWN, naming it', () => {
    const KMS_WEST_POLICY = { ...KMS_WEST_PART, operation: 'GetKeyPolicy' };
    for (const engine of ['reference', 'z3'] as const) {
      test(`${engine}: a DENY with an IAM part missing (the caller's policies or an SCP may be hidden)`, async () => {
        const world = parseWorld(worldWith([IAM_PART]), 'w.json');
        const answer = await check(world, { principal: ALICE, action: 'kms:Encrypt', key: EAST_KEY, engine });
        expect(answer.decision).toBe('UNKNOWN');
        expect(answer.undecided).toEqual([expect.stringMatching(/sts:AssumeRole in account 444455556666/)]);
        expect(answer.detail).toMatch(/DENY found in what it holds/);
      });

      test(`${engine}: an ALLOW with the key policy of its region missing is UNKNOWN; with only grants missing it stands`, async () => {
        const policyMissing = await check(parseWorld(worldWith([KMS_WEST_POLICY]), 'w.json'), { principal: ALICE, action: 'kms:Decrypt', key: WEST_KEY, engine });
        expect(policyMissing.decision).toBe('UNKNOWN');
        expect(policyMissing.undecided).toEqual([expect.stringMatching(/kms:GetKeyPolicy/)]);
        const grantsMissing = await check(parseWorld(worldWith([KMS_WEST_PART]), 'w.json'), { principal: ALICE, action: 'kms:Decrypt', key: WEST_KEY, engine });
        expect(grantsMissing.decision).toBe('ALLOW');
        expect(grantsMissing.undecided).toEqual([expect.stringMatching(/kms:ListGrants/)]);
        // A DENY with grants missing is UNKNOWN: a hidden grant could allow.
        const denied = await check(parseWorld(worldWith([KMS_WEST_PART]), 'w.json'), { principal: ALICE, action: 'kms:Encrypt', key: WEST_KEY, engine });
        expect(denied.decision).toBe('UNKNOWN');
      });

      test(`${engine}: an operation that uses no key (kms:ListKeys) is UNKNOWN with an IAM part missing, untouched by KMS parts`, async () => {
        const iamMissing = await check(parseWorld(worldWith([IAM_PART]), 'w.json'), { principal: ALICE, action: 'kms:ListKeys', engine });
        expect(iamMissing.decision).toBe('UNKNOWN');
        expect(iamMissing.undecided).toEqual([expect.stringMatching(/sts:AssumeRole in account 444455556666/)]);
        expect(iamMissing.detail).toMatch(/DENY found in what it holds/);
        // An ALLOW is UNKNOWN too: a hidden SCP or boundary could deny.
        const allowed = JSON.parse(worldWith([{ ...IAM_PART, service: 'organizations', operation: 'ListPolicies' }])) as { accounts: [{ users: [{ policies: [{ document: { Statement: [{ Action: string }] } }] }] }] };
        allowed.accounts[0].users[0].policies[0].document.Statement[0].Action = 'kms:ListKeys';
        const allowAnswer = await check(parseWorld(JSON.stringify(allowed), 'w.json'), { principal: ALICE, action: 'kms:ListKeys', engine });
        expect(allowAnswer.decision).toBe('UNKNOWN');
        expect(allowAnswer.detail).toMatch(/ALLOW found in what it holds/);
        const kmsMissing = await check(parseWorld(worldWith([KMS_WEST_POLICY]), 'w.json'), { principal: ALICE, action: 'kms:ListKeys', engine });
        expect(kmsMissing.decision).toBe('DENY');
        expect(kmsMissing.undecided).toBeUndefined();
      });

      test(`${engine}: a part of another region does not touch the check`, async () => {
        const answer = await check(parseWorld(worldWith([KMS_WEST_POLICY]), 'w.json'), { principal: ALICE, action: 'kms:Decrypt', key: EAST_KEY, engine });
        expect(answer).toMatchObject({ decision: 'ALLOW' });
        expect(answer.undecided).toBeUndefined();
      });
    }
  });

  describe('audit --fail-on with incomplete parts (issue 15)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyproof-incomplete-'));
    const file = join(dir, 'world.json');
    writeFileSync(file, worldWith([IAM_PART]));
    const run = async (...argv: string[]) => {
      const output = new CapturedOutput();
      const status = await main(argv, output);
      return { status, err: output.err };
    };

    test('fails (exit 1), naming the parts, unless --allow-incomplete', async () => {
      const gate = await run('audit', '--world', file, '--jobs', '1', '--fail-on', 'public', '--format', 'json');
      expect(gate.status).toBe(1);
      expect(gate.err).toMatch(/sts:AssumeRole in account 444455556666/);
      const allowed = await run('audit', '--world', file, '--jobs', '1', '--fail-on', 'public', '--allow-incomplete', '--format', 'json');
      expect(allowed.status).toBe(0);
    }, 60_000);
  });
});

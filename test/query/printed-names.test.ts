/**
 * Every principal keyproof prints can be passed back (issue 17 item 5): the principals, role chains and example
 * principals that who-can prints on examples/world.yaml, and the principals audit prints, are each accepted by
 * `check`, which allows what was reported (who-can's example request context included, given as the library's
 * object form). Short names work for --key and --principal in every command, and an ambiguous name is exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { check, closeEngines } from '../../src/api/check.js';
import { whoCan } from '../../src/api/who-can.js';
import { runMain } from '../cli/run-main.js';
import { loadWorld } from '../../src/world/load.js';
import { EXAMPLE_WORLD_FILE } from '../fixtures/example-world.js';

afterAll(closeEngines);

const world = loadWorld(EXAMPLE_WORLD_FILE);
const ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:PutKeyPolicy'];

describe('printed principals go back into check', () => {
  test('who-can: each principal (with its example context, through its role chain) and each class example is allowed', async () => {
    let asked = 0;
    for (const key of world.keys.keys()) {
      for (const action of ACTIONS) {
        const result = await whoCan(world, { key, action });
        for (const p of result.principals) {
          const answer = await check(world, { principal: p.arn, action, key, context: p.example, transitive: p.path.length > 1, engine: 'reference' });
          expect(answer.decision, `${p.arn} ${action} ${key}`).toBe('ALLOW');
          for (const hop of p.path) await check(world, { principal: hop, action, key, engine: 'reference' });
          asked++;
        }
        for (const c of result.classes) {
          const answer = await check(world, { principal: c.example.principal, action, key, context: c.example.context, engine: 'reference' });
          expect(answer.decision, `${c.example.principal} ${action} ${key}`).toBe('ALLOW');
          // The principal is outside the world: the answer names what it assumes of its IAM policies.
          expect(answer.assumptions?.join(' ')).toMatch(/not described by the world.*assumed to allow everything/);
          asked++;
        }
      }
    }
    // The example world has principals of the world and an external account's class (alias/partner-exchange).
    expect(asked).toBeGreaterThan(10);
  }, 240_000);

  test('the class example is allowed by the Z3 engine too, under the same assumption', async () => {
    const key = 'arn:aws:kms:us-west-2:444455556666:key/3333cccc-33cc-33cc-33cc-333333333333';
    const result = await whoCan(world, { key, action: 'kms:Decrypt' });
    expect(result.classes.length).toBe(1);
    const example = result.classes[0]!.example;
    const answer = await check(world, { principal: example.principal, action: 'kms:Decrypt', key, context: example.context });
    expect(answer).toMatchObject({ decision: 'ALLOW', path: [expect.stringMatching(/^arn:aws:iam::210987654321:role\//)] });
    expect(answer.assumptions).toHaveLength(1);
    // The CLI takes the printed example as it is, and says what it assumed.
    const cli = await runMain('check', '--world', EXAMPLE_WORLD_FILE, '--principal', example.principal, '--action', 'Decrypt', '--key', 'partner-exchange');
    expect(cli.status).toBe(0);
    expect(cli.out).toMatch(/^ALLOW/);
    expect(cli.out).toMatch(/assumed: account 210987654321 is not described by the world/);
  }, 120_000);

  test('audit: each principal of an access entry and of a finding is accepted by check', async () => {
    const result = await audit(world);
    const seen = new Set<string>();
    for (const key of result.keys) {
      for (const group of key.groups) {
        for (const access of group.access) {
          if (access.origin === 'organization' || access.origin === 'anyone') continue; // a class value, not a principal
          for (const principal of [access.principal, ...access.path]) {
            const answer = await check(world, { principal, action: access.operations[0]!, key: key.key, transitive: access.path.length > 0, engine: 'reference' });
            // Only a direct access without conditions is sure to be allowed with no context (a chain's trust
            // conditions, such as KeyAdmin's MFA, are not among the access's conditions).
            if (principal === access.principal && access.path.length === 0 && access.conditions.length === 0) expect(answer.decision, `${principal} ${access.operations[0]} ${key.key}`).toBe('ALLOW');
            seen.add(principal);
          }
        }
      }
    }
    for (const finding of result.findings) {
      if (finding.principal === '' || finding.principal === '*') continue;
      await check(world, { principal: finding.principal, action: 'kms:DescribeKey', key: finding.key, engine: 'reference' });
      seen.add(finding.principal);
    }
    expect([...seen]).toEqual(expect.arrayContaining(['210987654321', 'arn:aws:iam::444455556666:user/carol']));
  }, 240_000);
});

describe('short names in every command', () => {
  test.each([
    [['check', '--principal', 'bob', '--action', 'decrypt', '--key', 'app-key', '--transitive'], /^ALLOW {2}arn:aws:iam::111122223333:user\/bob decrypt on arn:aws:kms:us-west-2:444455556666:alias\/app-key/],
    [['check', '--principal', 'role/AppRole', '--action', 'kms:Decrypt', '--key', 'key/2222bbbb-22bb-22bb-22bb-222222222222'], /^ALLOW/],
    [['check', '--principal', '111122223333', '--action', 'kms:Decrypt', '--key', 'alias/dev-key'], /^ALLOW/],
    [['who-can', '--action', 'Decrypt', '--key', '2222bbbb-22bb-22bb-22bb-222222222222'], /arn:aws:iam::777788889999:role\/AppRole/],
    [['what-can', '--principal', 'AppRole'], /key\/2222bbbb/],
    [['reach', '--principal', 'carol', '--key', 'legacy'], /arn:aws:iam::444455556666:role\/KeyAdmin/],
    [['ir', '--key', 'dev-key'], /key arn:aws:kms:us-west-2:444455556666:key\/1111aaaa/],
  ])('%j', async (argv, expected) => {
    const { status, out, err } = await runMain(...argv, '--world', EXAMPLE_WORLD_FILE);
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out).toMatch(expected);
  }, 120_000);

  test('an ambiguous short name is exit 2, listing the candidates, in check, who-can and query', async () => {
    // A second bob, in the key account, and a second alias/dev-key, in another region.
    const text = readFileSync(EXAMPLE_WORLD_FILE, 'utf8')
      .replace('  - id: "444455556666"\n    users:\n', '  - id: "444455556666"\n    users:\n      - arn: arn:aws:iam::444455556666:user/bob\n')
      .replace('keys:\n', 'keys:\n  - arn: arn:aws:kms:eu-west-1:444455556666:key/5555eeee-55ee-55ee-55ee-555555555555\n    aliases: [alias/dev-key]\n    policy: { Version: "2012-10-17", Statement: [] }\n');
    const file = join(mkdtempSync(join(tmpdir(), 'keyproof-names-')), 'two-bobs.yaml');
    writeFileSync(file, text);
    const bobs = /user or role named 'bob' is ambiguous .*; write one of: arn:aws:iam::111122223333:user\/bob, arn:aws:iam::444455556666:user\/bob/;
    const devKeys = /'alias\/dev-key' is ambiguous .*; write one of: (?=.*arn:aws:kms:us-west-2:444455556666:alias\/dev-key)(?=.*arn:aws:kms:eu-west-1:444455556666:alias\/dev-key)/;
    for (const [argv, expected] of [
      [['check', '--principal', 'bob', '--action', 'kms:Decrypt', '--key', 'app-key'], bobs],
      [['check', '--principal', 'alice', '--action', 'kms:Decrypt', '--key', 'alias/dev-key'], devKeys],
      [['who-can', '--action', 'kms:Decrypt', '--key', 'alias/dev-key'], devKeys],
      [['query', 'can bob decrypt app-key'], bobs],
    ] as const) {
      const { status, err } = await runMain(...argv, '--world', file);
      expect(status, argv.join(' ')).toBe(2);
      expect(err).toMatch(expected);
      expect(err).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});

/**
 * `which keys are public` and `which keys are external`: the answers on test/fixtures/public-key-world.yaml (a key
 * anyone can use, a key limited to the organization by aws:PrincipalOrgID, a key shared with a partner account)
 * and on examples/world.yaml (no public key; the partner-exchange key is shared outside the organization), and the
 * command line's text and JSON.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../src/api/check.js';
import { query } from '../../src/api/query.js';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import type { ExposedKeysResult } from '../../src/questions/access/exposed-keys.js';
import { loadWorld } from '../../src/world/load.js';
import { EXAMPLE_WORLD_FILE } from '../fixtures/example-world.js';

afterAll(closeEngines);

const FIXTURE = 'test/fixtures/public-key-world.yaml';
const OPEN_KEY = 'arn:aws:kms:us-east-1:111122223333:key/aaaa1111-aa11-aa11-aa11-aaaaaaaa1111';
const PARTNER_KEY = 'arn:aws:kms:us-east-1:111122223333:key/cccc3333-cc33-cc33-cc33-cccccccc3333';
const EXAMPLE_PARTNER_KEY = 'arn:aws:kms:us-west-2:444455556666:key/3333cccc-33cc-33cc-33cc-333333333333';

async function whichKeys(file: string, text: string): Promise<ExposedKeysResult> {
  const answer = await query(loadWorld(file), text);
  if (answer.kind !== 'which-keys') throw new Error(`expected a which-keys answer, got ${answer.kind}`);
  expect(answer.result).toMatchObject({ complete: true, undecided: [] });
  return answer.result;
}

/** Per key, each operation with its classes as `kind value [conditions]`. */
function summary(result: ExposedKeysResult): Record<string, Record<string, string[]>> {
  return Object.fromEntries(result.keys.map((k) => [k.key, Object.fromEntries(k.operations.map((op) =>
    [op.action, op.classes.map((c) => `${c.kind} ${c.value} [${c.conditions.join('; ')}]`)]))]));
}

describe('which keys are public', () => {
  test('on the fixture: only the open key, DescribeKey for anyone and Encrypt/GenerateDataKey through S3', async () => {
    const result = await whichKeys(FIXTURE, 'which keys are public');
    expect(result.question).toBe('public');
    // The org key's Principal "*" is limited by aws:PrincipalOrgID, which nobody outside the organization has.
    expect(summary(result)).toEqual({
      [OPEN_KEY]: {
        'kms:Encrypt': ['anyone * [kms:ViaService = s3.us-east-1.amazonaws.com]'],
        'kms:GenerateDataKey': ['anyone * [kms:ViaService = s3.us-east-1.amazonaws.com]'],
        'kms:DescribeKey': ['anyone * []'],
      },
    });
    expect(result.keys[0]!.aliases).toEqual(['alias/open-key']);
    // Each example is a principal of an account neither the world nor the policies name.
    for (const op of result.keys[0]!.operations) {
      expect(op.classes[0]!.example.principal).not.toMatch(/::(111122223333|210987654321):/);
    }
    const encrypt = result.keys[0]!.operations.find((op) => op.action === 'kms:Encrypt')!;
    expect(encrypt.classes[0]!.example.context['kms:ViaService']).toEqual(['s3.us-east-1.amazonaws.com']);
  }, 120_000);

  test('on examples/world.yaml: none (every key names its principals)', async () => {
    const result = await whichKeys(EXAMPLE_WORLD_FILE, 'which keys are public');
    expect(result.keys).toEqual([]);
  }, 120_000);
});

describe('which keys are external', () => {
  test('on the fixture: the open key (anyone) and the partner key (account 210987654321), not the org key', async () => {
    const result = await whichKeys(FIXTURE, 'which keys are external');
    expect(result.question).toBe('external');
    const s = summary(result);
    expect(Object.keys(s)).toEqual([OPEN_KEY, PARTNER_KEY]);
    expect(s[PARTNER_KEY]).toEqual({ 'kms:Decrypt': ['account 210987654321 []'] });
    expect(Object.keys(s[OPEN_KEY]!).sort()).toEqual(['kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
  }, 120_000);

  test('on examples/world.yaml: the partner-exchange key, for account 210987654321 outside the organization', async () => {
    const result = await whichKeys(EXAMPLE_WORLD_FILE, 'which keys are external');
    expect(summary(result)).toEqual({
      [EXAMPLE_PARTNER_KEY]: { 'kms:Decrypt': ['account 210987654321 []'], 'kms:DescribeKey': ['account 210987654321 []'] },
    });
  }, 120_000);
});

describe('keyproof query which keys', () => {
  async function run(...argv: string[]) {
    const output = new CapturedOutput();
    const status = await main(['query', ...argv], output);
    return { status, out: output.out, err: output.err };
  }

  test('text: the key, its operations grouped by condition, and an example principal', async () => {
    const { status, out } = await run('--world', FIXTURE, 'which keys are public');
    expect(status).toBe(0);
    expect(out).toContain(`${OPEN_KEY} (alias/open-key)`);
    expect(out).toMatch(/^ {2}kms:Encrypt, kms:GenerateDataKey\n {4}anyone .*\n {8}if kms:ViaService = s3\.us-east-1\.amazonaws\.com\n {8}for example arn:aws:/m);
    expect(out).not.toContain('bbbb2222');
  }, 120_000);

  test('a misspelt question exits 2 and names the column', async () => {
    const { status, err } = await run('--world', FIXTURE, 'which keys are private');
    expect(status).toBe(2);
    expect(err).toContain('<query>:1:16: expected public or external');
  });
});

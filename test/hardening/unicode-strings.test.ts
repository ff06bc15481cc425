/**
 * Issue 12, item 3: strings are strings. Any Unicode string (non-ASCII, control characters, backslashes, literal
 * `\u{41}`) in a condition value, a principal tag, the encryption context and an ARN is read the same by both
 * engines, and the witness Z3 finds comes back with exactly the policy's characters. (Characters past Z3's
 * alphabet, U+30000 and up, make the question UNKNOWN, named.)
 */
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { check, closeEngines } from '../../src/api/check.js';
import { whoCan } from '../../src/api/who-can.js';
import { parseWorld } from '../../src/world/load.js';

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const EC = 'kms:EncryptionContext:purpose';
const SOURCE = 'aws:SourceArn';

afterAll(() => closeEngines());

/** Strings that broke the Z3 encoding, and arbitrary ones within Z3's alphabet (no policy variables). */
const tricky = fc.constantFrom('café', 'x\\u{41}y', '\\', '\\u{5c}', 'a\u0000b', '\u001b[2J', '\u{1F600}', '\ud800', '"\'`', '\u{2FFFF}');
const anyText = fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }))
  .filter((s) => s.length > 0 && !s.includes('${') && [...s].every((c) => c.codePointAt(0)! <= 0x2ffff));

function worldWith(condition: string, tag: string, arnTail: string): string {
  return JSON.stringify({
    accounts: [{ id: ACCOUNT, users: [{ arn: BOB, tags: { team: tag } }] }],
    keys: [{
      arn: KEY,
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:DescribeKey', Resource: '*' },
          {
            Effect: 'Allow', Principal: { AWS: BOB }, Action: 'kms:Decrypt', Resource: '*',
            Condition: { StringEquals: { [EC]: condition, 'aws:PrincipalTag/team': tag }, ArnEquals: { [SOURCE]: `arn:aws:s3:::${arnTail}` } },
          },
        ],
      },
    }],
  });
}

const RUNS = { seed: 12, numRuns: 25, verbose: true } as const;

describe('Unicode strings through both engines', () => {
  test('check: both engines agree, with the exact value and with a different one', async () => {
    await fc.assert(fc.asyncProperty(anyText, anyText, anyText, async (value, tag, arnTail) => {
      const world = parseWorld(worldWith(value, tag, arnTail), 'unicode.json');
      for (const [ec, expected] of [[value, 'ALLOW'], [`${value}!`, 'DENY']] as const) {
        const input = { principal: BOB, action: 'kms:Decrypt', key: KEY, context: [`${EC}=${ec}`, `${SOURCE}=arn:aws:s3:::${arnTail}`] };
        const reference = await check(world, { ...input, engine: 'reference' });
        const z3 = await check(world, { ...input, engine: 'z3', timeoutMs: 20_000 });
        expect(reference.decision).toBe(expected);
        expect(z3.decision).toBe(reference.decision);
        expect(z3.reason).toBe(reference.reason);
      }
    }), RUNS);
  }, 600_000);

  test("who-can: the witness Z3 chooses holds the policy's exact strings", async () => {
    await fc.assert(fc.asyncProperty(anyText, anyText, anyText, async (value, tag, arnTail) => {
      const world = parseWorld(worldWith(value, tag, arnTail), 'unicode.json');
      const result = await whoCan(world, { key: KEY, action: 'kms:Decrypt', timeoutMs: 20_000 });
      expect(result.complete, result.undecided.join('; ')).toBe(true);
      const bob = result.principals.find((p) => p.arn === BOB);
      expect(bob).toBeDefined();
      expect(bob!.example[EC]).toEqual([value]);
      expect(bob!.example[SOURCE]).toEqual([`arn:aws:s3:::${arnTail}`]);
    }), { ...RUNS, numRuns: 10 });
  }, 600_000);

  test("a character past Z3's alphabet: a concrete check folds exactly; a symbolic question is incomplete, named", async () => {
    const value = 'flag \u{E0067}';
    const world = parseWorld(worldWith(value, 't', 'b'), 'unicode.json');
    const input = { principal: BOB, action: 'kms:Decrypt', key: KEY, context: [`${EC}=${value}`, `${SOURCE}=arn:aws:s3:::b`] };
    // Constant strings are compared without the solver: the answer is the reference's.
    expect((await check(world, input)).decision).toBe((await check(world, { ...input, engine: 'reference' })).decision);
    const result = await whoCan(world, { key: KEY, action: 'kms:Decrypt', timeoutMs: 20_000 });
    expect(result.complete).toBe(false);
    expect(result.undecided.join('; ')).toMatch(/U\+E0067, beyond the solver's alphabet/);
  }, 120_000);
});

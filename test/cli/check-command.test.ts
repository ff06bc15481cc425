/** `keyproof check` through the CLI entry point: output formats, exit codes, and bad input. */
import { describe, expect, test } from 'vitest';
import { runMain } from './run-main.js';

const BOB_WORLD = 'examples/seed-bob.yaml';
const ALICE_WORLD = 'examples/seed-alice.yaml';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const KEY2 = 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY1 = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('keyproof check', () => {
  test('a DENY lists what would allow it (text and JSON); --no-why-not leaves it out', async () => {
    const args = ['check', '--world', ALICE_WORLD, '--principal', ALICE, '--action', 'kms:Decrypt', '--key', KEY1];
    const text = await runMain(...args);
    expect(text.status).toBe(0);
    expect(text.out).toContain('What would allow it');
    expect(text.out).toContain('"Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"}');
    const json = JSON.parse((await runMain(...args, '--format', 'json')).out);
    expect(json.whyNot.map((a: { changes: Array<{ kind: string }> }) => a.changes.map((c) => c.kind))).toEqual([['add-key-policy-statement'], ['add-iam-policy'], ['add-grant']]);
    const without = await runMain(...args, '--no-why-not');
    expect(without.out).not.toContain('What would allow it');
    expect(JSON.parse((await runMain(...args, '--no-why-not', '--format', 'json')).out).whyNot).toBeUndefined();
  });

  test('seed example 2: bob decrypts through ExampleRole, as JSON per interface.md section 2', async () => {
    const { status, out } = await runMain('check', '--world', BOB_WORLD, '--principal', BOB, '--action', 'kms:Decrypt',
      '--key', KEY2, '--transitive', '--format', 'json');
    expect(status).toBe(0);
    const answer = JSON.parse(out);
    expect(answer).toMatchObject({
      decision: 'ALLOW', reason: 'ALLOWED', trusted: true,
      path: [BOB, 'arn:aws:iam::111122223333:role/ExampleRole'],
    });
    for (const m of answer.matched) expect(Object.keys(m)).toEqual(expect.arrayContaining(['source', 'policy', 'sid', 'effect']));
    expect(answer.matched.map((m: { source: string }) => m.source)).toEqual(expect.arrayContaining(['trust-policy', 'key-policy', 'iam-policy']));
  });

  test('seed example 1: alice is denied, and the text trace walks the flowchart', async () => {
    const { status, out } = await runMain('check', '--world', ALICE_WORLD, '--principal', ALICE, '--action', 'kms:Decrypt', '--key', KEY1);
    expect(status).toBe(0);
    expect(out).toMatch(/^DENY/);
    expect(out).toContain('IMPLICIT_DENY');
    expect(out).toMatch(/yes\s+Does the key policy ALLOW the caller's account to use IAM policies/);
    expect(out).toMatch(/no\s+Does an IAM policy ALLOW the caller/);
    expect(out).toContain('Delegate to IAM policies');
  });

  test('both engines give the same JSON answer for the seed example 2, and z3 is the default', async () => {
    const args = ['check', '--world', BOB_WORLD, '--principal', BOB, '--action', 'kms:Decrypt', '--key', KEY2, '--transitive', '--format', 'json'];
    const byDefault = JSON.parse((await runMain(...args)).out);
    const z3 = JSON.parse((await runMain(...args, '--engine', 'z3')).out);
    const reference = JSON.parse((await runMain(...args, '--engine', 'reference')).out);
    const essentials = (a: { decision: string; reason: string; trusted: boolean; path: string[] }) =>
      ({ decision: a.decision, reason: a.reason, trusted: a.trusted, path: a.path });
    expect(essentials(byDefault)).toEqual(essentials(reference));
    expect(essentials(z3)).toEqual(essentials(reference));
  });

  test('an unknown --engine is a usage error', async () => {
    const { status, err } = await runMain('check', '--world', ALICE_WORLD, '--principal', ALICE, '--action', 'kms:Decrypt', '--key', KEY1, '--engine', 'magic');
    expect(status).toBe(2);
    expect(err).toMatch(/expected one of z3, reference/);
  });

  test.each([
    [['--principal', 'arn:aws:iam::111122223333:user/nobody'], /no user 'arn:aws:iam::111122223333:user\/nobody'/],
    // A word that is not an ARN is a short name (issue 17): the error names what it looked for, and the candidates.
    [['--principal', 'not-an-arn'], /--principal: no user or role named 'not-an-arn' in the world .*; candidates: arn:aws:iam::/],
    [['--principal', 'arn:aws:s3:::bucket'], /--principal: 'arn:aws:s3:::bucket' is not a principal keyproof can evaluate/],
    [['--action', 'kms:Frobnicate'], /--action: expected a KMS operation/],
    // An operation that uses no key is asked without --key (kms-api-permissions-reference.md, resource "*").
    [['--action', 'kms:ListKeys'], /--key: kms:ListKeys uses no KMS key .*leave --key out/],
    [['--key', 'arn:aws:kms:us-west-2:111122223333:key/unknown'], /no key/],
    [['--context', 'novalue'], /--context: expected KEY=VALUE/],
  ])('bad argument %j exits 2 with a message and no stack trace', async (override, message) => {
    const base: Record<string, string> = { '--principal': ALICE, '--action': 'kms:Decrypt', '--key': KEY1 };
    for (let i = 0; i < override.length; i += 2) base[override[i]!] = override[i + 1]!;
    const argv = ['check', '--world', ALICE_WORLD, ...Object.entries(base).flat()];
    const { status, err } = await runMain(...argv);
    expect(status).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('an operation that uses no key is checked without --key, on both engines; one on a key still needs --key', async () => {
    for (const engine of ['reference', 'z3']) {
      const { status, out } = await runMain('check', '--world', ALICE_WORLD, '--principal', ALICE, '--action', 'kms:ListKeys', '--engine', engine, '--format', 'json');
      expect(status, engine).toBe(0);
      const answer = JSON.parse(out) as { decision: string; trace: Array<{ question: string }> };
      expect(['ALLOW', 'DENY'], engine).toContain(answer.decision);
      expect(answer.trace.map((s) => s.question), engine).toContain("Is kms:ListKeys asked in the caller's own account (it uses no KMS key and does not work across accounts)?");
    }
    const other = await runMain('check', '--world', ALICE_WORLD, '--principal', ALICE, '--action', 'kms:ListKeys', '--account', '444455556666', '--format', 'json');
    expect(JSON.parse(other.out)).toMatchObject({ decision: 'DENY', reason: 'IMPLICIT_DENY' });
    const keyless = await runMain('check', '--world', ALICE_WORLD, '--principal', ALICE, '--action', 'kms:Decrypt');
    expect(keyless.status).toBe(2);
    expect(keyless.err).toMatch(/--key: kms:Decrypt acts on a KMS key; name it with --key/);
  }, 60_000);

  test('a missing world file exits 2 naming the file', async () => {
    const { status, err } = await runMain('check', '--world', 'no/such/world.yaml', '--principal', ALICE, '--action', 'kms:Decrypt', '--key', KEY1);
    expect(status).toBe(2);
    expect(err).toContain('no/such/world.yaml');
  });

  test('a missing required option is a usage error (exit 2)', async () => {
    const { status, err } = await runMain('check', '--world', ALICE_WORLD);
    expect(status).toBe(2);
    expect(err).toMatch(/required option/);
  });

  test('an alias ARN names the key it points to', async () => {
    const { status, out } = await runMain('check', '--world', 'examples/world.yaml', '--principal', 'arn:aws:iam::111122223333:user/alice',
      '--action', 'kms:Decrypt', '--key', 'arn:aws:kms:us-west-2:444455556666:alias/dev-key', '--format', 'json');
    expect(status).toBe(0);
    expect(JSON.parse(out).decision).toBe('ALLOW');
  });
});

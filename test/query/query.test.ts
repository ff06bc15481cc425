import { afterAll, describe, expect, it } from 'vitest';
import { closeEngines } from '../../src/api/check.js';
import { query } from '../../src/api/query.js';
import { InputError } from '../../src/errors.js';
import { loadWorld } from '../../src/world/load.js';
import { parseQuery } from '../../src/query/parse.js';
import { resolveQuery } from '../../src/query/resolve.js';
import { renderQueryText } from '../../src/report/text/query.js';

const world = loadWorld('examples/world.yaml');
afterAll(closeEngines);

describe('query on the example world', () => {
  it('can: bob decrypts with the app key only through roles', async () => {
    const through = await query(world, 'can user/bob kms:Decrypt alias/app-key through roles');
    expect(through.kind).toBe('can');
    expect(through.kind === 'can' && through.result.decision).toBe('ALLOW');
    const direct = await query(world, 'can user/bob kms:Decrypt alias/app-key');
    expect(direct.kind === 'can' && direct.result.decision).not.toBe('ALLOW');
  }, 60_000);

  it('who can: AppRole can decrypt with the app key', async () => {
    const answer = await query(world, 'who can kms:Decrypt on alias/app-key');
    expect(answer.kind).toBe('who-can');
    expect(JSON.stringify(answer.result)).toContain('arn:aws:iam::777788889999:role/AppRole');
  }, 60_000);

  it('what can: AppRole reaches the app key', async () => {
    const answer = await query(world, 'what can role/AppRole do');
    expect(answer.kind).toBe('what-can');
    expect(JSON.stringify(answer.result)).toContain('key/2222bbbb-22bb-22bb-22bb-222222222222');
  }, 60_000);

  it('who can with a pattern: one answer per operation on a key the pattern covers', async () => {
    const answer = await query(world, 'who can kms:Get* on app-key?');
    if (answer.kind !== 'who-can-pattern') throw new Error(`expected who-can-pattern, got ${answer.kind}`);
    // GetKeyLastUsage, GetKeyPolicy, GetKeyRotationStatus, GetParametersForImport and GetPublicKey act on a key; none
    // other starts with Get (kms-api-permissions-reference.md).
    expect(answer.result.map((r) => r.action).sort()).toEqual(['kms:GetKeyLastUsage', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:GetParametersForImport', 'kms:GetPublicKey']);
    for (const r of answer.result) expect(r.key).toBe('arn:aws:kms:us-west-2:444455556666:key/2222bbbb-22bb-22bb-22bb-222222222222');
  }, 120_000);

  it('can with a pattern: a decision per operation, and a line each in the text', async () => {
    const { main } = await import('../../src/cli/main.js');
    const { CapturedOutput } = await import('../../src/cli/output.js');
    const output = new CapturedOutput();
    expect(await main(['query', '--world', 'examples/world.yaml', 'can bob * on dev-key?'], output)).toBe(0);
    // bob's DevKeyUse policy allows Encrypt, Decrypt, GenerateDataKey and DescribeKey on the dev key; nothing else.
    const allowed = output.out.split('\n').filter((line) => /^ {2}ALLOW/.test(line)).map((line) => line.split(/\s+/)[2]);
    expect(allowed.sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
    expect(output.out).toMatch(/^ {2}DENY {5}kms:PutKeyPolicy +IMPLICIT_DENY$/m);
  }, 120_000);

  it("why can't: a denied request comes with the changes that would allow it; an allowed one with none", async () => {
    const denied = await query(world, "why can't bob decrypt app-key?");
    expect(denied.kind).toBe('why-not');
    if (denied.kind !== 'why-not') return;
    expect(denied.result.decision).toBe('DENY');
    expect(denied.result.whyNot!.length).toBeGreaterThan(0);
    expect(denied.result.whyNot!.length).toBeLessThanOrEqual(3);
    const text = renderQueryText(resolveQuery(world, parseQuery("why can't bob decrypt app-key?")), denied, false);
    expect(text).toContain('What would allow it');
    const allowed = await query(world, 'why not: can AppRole decrypt app-key');
    expect(allowed.kind === 'why-not' && allowed.result.decision).toBe('ALLOW');
    expect(allowed.kind === 'why-not' && allowed.result.whyNot).toBeUndefined();
  }, 60_000);

  it('reports bad input as InputError', async () => {
    await expect(query(world, 'who can kms:Decrypt on alias/nope')).rejects.toBeInstanceOf(InputError);
    await expect(query(world, 'who can kms:Decrypt')).rejects.toBeInstanceOf(InputError);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { closeEngines } from '../../src/api/check.js';
import { query } from '../../src/api/query.js';
import { InputError } from '../../src/errors.js';
import { loadWorld } from '../../src/world/load.js';

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

  it('reports bad input as InputError', async () => {
    await expect(query(world, 'who can kms:Decrypt on alias/nope')).rejects.toBeInstanceOf(InputError);
    await expect(query(world, 'who can kms:Decrypt')).rejects.toBeInstanceOf(InputError);
  });
});

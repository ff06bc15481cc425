/**
 * who-can on Allow statements with NotPrincipal (test/golden/cases/31-allow-not-principal.yaml): everyone but the
 * principals named, each caller checked as every identity of its chain
 * (iam/reference_policies_elements_notprincipal.md#specifying-notprincipal-allow).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parse } from 'yaml';
import { closeEngines } from '../../../src/api/check.js';
import { whoCan } from '../../../src/api/who-can.js';
import { loadWorld } from '../../../src/world/load.js';

afterAll(closeEngines);

const scenario = parse(readFileSync(join(import.meta.dirname, '../../golden/cases/31-allow-not-principal.yaml'), 'utf8')) as { world: unknown };
const file = join(mkdtempSync(join(tmpdir(), 'keyproof-notprincipal-')), 'world.json');
writeFileSync(file, JSON.stringify(scenario.world));
const world = loadWorld(file);

const key = (id: string) => `arn:aws:kms:us-west-2:111122223333:key/${id}`;
const A = (name: string) => `arn:aws:iam::111122223333:${name}`;

async function ask(id: string) {
  // The class "anyone" against a NotPrincipal ARN is a slow string question (≈ 10 s on a loaded machine).
  const r = await whoCan(world, { key: key(id), action: 'kms:Decrypt', timeoutMs: 120_000 });
  expect(r.complete, r.undecided.join('; ')).toBe(true);
  return { principals: r.principals.map((p) => p.arn).sort(), classes: r.classes.map((c) => `${c.kind} ${c.value}`).sort() };
}

test('NotPrincipal alice: every identity of the key account but alice, and anyone outside', { timeout: 180_000 }, async () => {
  const r = await ask('1111aaaa-11aa-11aa-11aa-111111111111');
  // The root user of 444455556666 needs no IAM policy of its own (golden case 28); zoe's allows Decrypt.
  expect(r.principals).toEqual([A('role/R'), A('role/S'), A('root'), A('user/bob'), 'arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:user/zoe'].sort());
  expect(r.classes).toContain('anyone *');
});

test('NotPrincipal the account: nobody of that account, zoe (her IAM policy allows it) and anyone outside', { timeout: 180_000 }, async () => {
  const r = await ask('2222bbbb-22bb-22bb-22bb-222222222222');
  expect(r.principals).toEqual(['arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:user/zoe']);
  expect(r.classes).toContain('anyone *');
});

test('NotPrincipal a role: no session of it', { timeout: 180_000 }, async () => {
  const r = await ask('3333cccc-33cc-33cc-33cc-333333333333');
  expect(r.principals).not.toContain(A('role/R'));
  expect(r.principals).toContain(A('role/S'));
});

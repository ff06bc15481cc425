/**
 * `keyproof change` on a real CDK app, synthesized in-process with aws-cdk-lib (no CDK CLI): the templates
 * `cdk.out/STACK.template.json`, with CDK's generated default key policy and `grant*` calls, the stack's account and
 * Region read from the cloud assembly's manifest. Slow to import (aws-cdk-lib is large): its own script,
 * `npm run test:cdk`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AccountPrincipal, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { afterAll, describe, expect, test } from 'vitest';
import { change, closeEngines, gateFails, type ChangeResult } from '../../src/index.js';

const ACCOUNT = '111122223333';
const PARTNER = '999988887777';
const dirs: string[] = [];

/** The app of the pull request: `variant` is what the change does to the main branch's app (`base`). */
function synth(variant: 'base' | 'tighten' | 'open'): string {
  const outdir = mkdtempSync(join(tmpdir(), `keyproof-cdk-${variant}-`));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, 'DataStack', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const key = new Key(stack, 'DataKey', { description: 'application data' });
  key.addAlias('alias/data');
  const role = new Role(stack, 'AppRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  if (variant === 'tighten') key.grantDecrypt(role); else key.grantEncryptDecrypt(role);
  if (variant === 'open') key.grantDecrypt(new AccountPrincipal(PARTNER));
  app.synth();
  return join(outdir, 'DataStack.template.json');
}

const base = synth('base');
const onlyKey = (r: ChangeResult) => {
  expect(r.keys.map((k) => k.createdBy)).toEqual([expect.stringMatching(/^DataKey/)]);
  return r.keys[0]!;
};

afterAll(async () => {
  await closeEngines();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('keyproof change on a synthesized CDK app', () => {
  test('a new stack: CDK\'s default key policy gives the account the key; the role it grants Encrypt/Decrypt gains them', async () => {
    const r = await change({ cloudformation: base });
    expect(r.complete).toBe(true);
    const key = onlyKey(r);
    expect(key.status).toBe('created');
    expect(key.account).toBe(ACCOUNT);
    const root = key.gained.find((g) => g.principal === `arn:aws:iam::${ACCOUNT}:root`);
    expect(root?.operations).toContain('kms:PutKeyPolicy');
    const role = key.gained.find((g) => g.description?.startsWith('AppRole'));
    expect(role?.operations.sort()).toEqual(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo']);
    expect(r.verdict.external).toBe(false);
  }, 180_000);

  test('key.grantDecrypt(new AccountPrincipal(partner)) fails the external gate, with the key policy statement it adds', async () => {
    const r = await change({ cloudformation: synth('open'), cloudformationBefore: base });
    const key = onlyKey(r);
    expect(key.status).toBe('changed');
    expect(key.gained).toEqual([expect.objectContaining({ principal: PARTNER, origin: 'external-account', operations: ['kms:Decrypt'], via: ['key-policy'], kind: 'new' })]);
    expect(key.gained[0]!.locations[0]).toMatchObject({ pointer: expect.stringMatching(/^\/Resources\/DataKey\w+\/Properties\/KeyPolicy\/Statement\/1$/), line: expect.any(Number) });
    expect(gateFails(r, 'external', false)).toBe(true);
  }, 180_000);

  test('narrowing the role\'s grant to Decrypt only passes the gate: the role loses the rest, nobody gains', async () => {
    const r = await change({ cloudformation: synth('tighten'), cloudformationBefore: base });
    expect(r.complete).toBe(true);
    const key = onlyKey(r);
    expect(key.gained).toEqual([]);
    expect(key.lost).toEqual([expect.objectContaining({ kind: 'removed', via: ['key-policy', 'iam-policy'] })]);
    expect(key.lost[0]!.operations).toContain('kms:Encrypt');
    expect(key.lost[0]!.operations).not.toContain('kms:Decrypt');
    expect(gateFails(r, 'new-access', false)).toBe(false);
  }, 180_000);
});

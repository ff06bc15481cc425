/**
 * One access, one description: audit, who-can, what-can and reach say the same path and the same conditions for
 * the same principal and operation, the conditions of every hop included (test/questions/fixtures/paths-world.yaml).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { audit, closeEngines, loadWorld, whatCan, whoCan, type AuditResult } from '../../../src/index.js';

const WORLD = loadWorld('test/questions/fixtures/paths-world.yaml');
const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ULLA = 'arn:aws:iam::111122223333:user/ulla';
const CARA = 'arn:aws:iam::111122223333:user/cara';
const DEC = 'arn:aws:iam::111122223333:role/Dec';
const MFA = `aws:MultiFactorAuthPresent is true (to assume ${DEC})`;
const VPN = 'aws:SourceIp in 10.0.0.0/8';

let result: AuditResult;
beforeAll(async () => { result = await audit(WORLD); }, 300_000);
afterAll(closeEngines);

const rows = (principal: string) => result.keys[0]!.groups.flatMap((g) => g.access.filter((a) => a.principal === principal));

describe('audit rows keep paths and conditions apart', () => {
  test('ulla encrypts herself but decrypts only through Dec (her boundary allows no Decrypt)', () => {
    const ulla = rows(ULLA);
    const direct = ulla.find((a) => a.operations.includes('kms:Encrypt'))!;
    expect(direct.path).toEqual([]);
    expect(direct.operations).not.toContain('kms:Decrypt');
    const decrypt = ulla.find((a) => a.operations.includes('kms:Decrypt'))!;
    expect(decrypt.path).toEqual([ULLA, DEC]);
    expect(decrypt.operations).toEqual(['kms:Decrypt']);
  });

  test('the conditions of the trust policy (MFA) and of the SCP (source IP) are on the path', () => {
    const decrypt = rows(ULLA).find((a) => a.operations.includes('kms:Decrypt'))!;
    expect(decrypt.conditions).toEqual(expect.arrayContaining([MFA, VPN, 'kms:EncryptionContext:app = a']));
    expect(decrypt.conditions).toHaveLength(3);
  });

  test('an unconditional statement makes a conditional one of the same policy layer no condition', () => {
    expect(rows(CARA).find((a) => a.operations.includes('kms:Encrypt'))!.conditions).toEqual([]);
  });
});

describe('who-can, what-can and audit agree', () => {
  test('kms:Decrypt by ulla: the same path and conditions everywhere', async () => {
    const who = (await whoCan(WORLD, { key: KEY, action: 'kms:Decrypt' })).principals.find((p) => p.arn === ULLA)!;
    const what = (await whatCan(WORLD, { principal: ULLA })).keys[0]!.operations.find((o) => o.action === 'kms:Decrypt')!;
    const row = rows(ULLA).find((a) => a.operations.includes('kms:Decrypt'))!;
    expect(who.path).toEqual(row.path);
    expect(what.path).toEqual(row.path);
    expect(who.conditions).toEqual(row.conditions);
    expect(what.conditions).toEqual(row.conditions);
    expect(who.requires).toEqual(row.requires);
  });

  test('kms:Encrypt by cara: no condition in who-can either', async () => {
    const who = (await whoCan(WORLD, { key: KEY, action: 'kms:Encrypt' })).principals.find((p) => p.arn === CARA)!;
    expect(who.conditions).toEqual([]);
  });

  test('the reach graph: the assume-role edge carries the trust condition, the key edge the SCP condition', () => {
    const assume = result.graph.edges.find((e) => e.kind === 'assume-role' && e.from === ULLA && e.to === DEC)!;
    expect(assume.conditions).toEqual([MFA]);
    const decrypt = result.graph.edges.find((e) => e.kind === 'key-access' && e.from === DEC)!;
    expect(decrypt.conditions).toEqual(expect.arrayContaining([VPN]));
  });
});

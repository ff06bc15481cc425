/**
 * Soundness nets behind asking fewer questions (issue 14.1): a denied caller wrongly put in an allowed group is
 * caught by the reference evaluator's check of its own example (an internal error, exit 3, never a reported
 * access); and the residual memo (src/questions/symbolic/residuals.ts) asks Z3 once per distinct residual while
 * every caller keeps its own answer, allowed or denied, as the reference evaluator decides it.
 */
import { afterAll, expect, test } from 'vitest';
import { closeEngines, parseWorld } from '../../../src/index.js';
import { z3Engine } from '../../../src/api/engine-instance.js';
import { InternalError } from '../../../src/errors.js';
import { findOperation } from '../../../src/kms/operations.js';
import { checkWithReference } from '../../../src/reference/evaluator.js';
import { callersOfWorld, identityOf } from '../../../src/request/caller.js';
import { contextFor } from '../../../src/request/kms-request.js';
import { directAccess, memberAllowed } from '../../../src/questions/access/key-access.js';
import { residualMemoOf } from '../../../src/questions/symbolic/residuals.js';

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const role = (name: string, tags: Record<string, string> = {}) => ({
  arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, trustPolicy: { Version: '2012-10-17', Statement: [] },
  tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  // A policy of its own (on another service): no two roles share a group, but it folds away from a KMS question.
  policies: [{ name: 'own', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${name}/*` }] } }],
});
// Twelve app roles allowed under one condition; the ops role is not named by the key policy's condition; the
// blocked role is denied by its tag.
const world = parseWorld(JSON.stringify({
  accounts: [{ id: ACCOUNT, roles: [...Array.from({ length: 12 }, (_, i) => role(`app-${i}`)), role('ops'), role('app-blocked', { blocked: 'yes' })] }],
  keys: [{
    arn: KEY, grants: [],
    policy: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` }, StringEquals: { 'kms:EncryptionContext:app': 'web' } } },
      { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/blocked': 'yes' } } },
    ] },
  }],
}), 'wrong-merge.json');
const key = world.keys.get(KEY)!;
const decrypt = findOperation('kms:Decrypt')!;
const byName = (name: string) => callersOfWorld(world).find((c) => identityOf(c) === `arn:aws:iam::${ACCOUNT}:role/${name}`)!;

afterAll(async () => { await closeEngines(); });

test('a denied caller merged into an allowed group is caught by the reference check of its own example', async () => {
  const rt = (await z3Engine()).runtime;
  const found = (await directAccess(rt, world, key, [decrypt], [byName('app-0')], { timeoutMs: 10_000 }, [])).get(identityOf(byName('app-0')))?.get('kms:Decrypt');
  expect(found).toBeDefined();
  expect(identityOf(memberAllowed(world, key, found!, byName('app-1')).caller)).toBe(identityOf(byName('app-1')));
  for (const denied of ['ops', 'app-blocked']) {
    expect(() => memberAllowed(world, key, found!, byName(denied))).toThrow(InternalError);
  }
}, 60_000);

test('the residual memo: Z3 asked once per distinct residual, each caller still answered as the reference decides', async () => {
  const rt = (await z3Engine()).runtime;
  const callers = callersOfWorld(world);
  const undecided: string[] = [];
  const direct = await directAccess(rt, world, key, [decrypt], callers, { timeoutMs: 10_000 }, undecided);
  expect(undecided).toEqual([]);
  const stats = residualMemoOf(key).stats;
  // Each role is a group of its own; the twelve app roles leave one residual (the encryption context), the
  // others fold to "denied" or leave one more.
  expect(stats.questions).toBeGreaterThanOrEqual(12);
  expect(stats.distinct).toBeLessThanOrEqual(2);
  for (const caller of callers) {
    const allowed = direct.get(identityOf(caller))?.get('kms:Decrypt');
    const overrides: Array<[string, string[]]> = [['kms:EncryptionContext:app', ['web']]];
    const reference = checkWithReference(world, { caller, operation: decrypt, key, overrides, context: contextFor(world, caller, key, undefined, overrides) });
    expect(allowed !== undefined, identityOf(caller)).toBe(reference.decision === 'ALLOW');
    if (allowed) expect(Object.fromEntries(allowed.outcome.context)['kms:EncryptionContext:app']).toEqual(['web']);
  }
}, 60_000);

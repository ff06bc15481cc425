/**
 * The structural filter for classes of principals outside the world (src/questions/symbolic/class-prefilter.ts):
 * the question of issue 14 (Principal "*" under ArnLike aws:PrincipalArn on an account of the world) is decided
 * without Z3, complete; patterns that do let outsiders in are left to Z3; and, on seeded random key policies,
 * whenever the filter says "no principal of the class", the reference evaluator denies sampled principals of the
 * class every operation (a wrong "nobody" is the worst bug).
 */
import { afterAll, expect, test } from 'vitest';
import { closeEngines, parseWorld, whoCan } from '../../../src/index.js';
import { KEY_OPERATIONS } from '../../../src/kms/operations.js';
import { checkWithReference } from '../../../src/reference/evaluator.js';
import { contextFor } from '../../../src/request/kms-request.js';
import { keyCouldAdmitClass } from '../../../src/questions/symbolic/class-prefilter.js';
import { outsiderCaller, worldWithOutsider } from '../../../src/questions/symbolic/outsider.js';
import { namedAccounts, principalClasses } from '../../../src/questions/symbolic/principal-classes.js';
import type { Caller } from '../../../src/request/caller.js';
import type { World } from '../../../src/world/model.js';
import { prng } from '../../fixtures/scale-world.js';

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER = '444455556666';

function worldWith(statements: unknown[], organization = false): World {
  return parseWorld(JSON.stringify({
    ...(organization ? { organization: { id: 'o-abcdefghij', accounts: [ACCOUNT, OTHER] } } : {}),
    accounts: [{
      id: ACCOUNT,
      roles: [
        { arn: `arn:aws:iam::${ACCOUNT}:role/app-web`, trustPolicy: { Version: '2012-10-17', Statement: [] } },
        { arn: `arn:aws:iam::${ACCOUNT}:role/app-worker`, trustPolicy: { Version: '2012-10-17', Statement: [] } },
        { arn: `arn:aws:iam::${ACCOUNT}:role/ops`, trustPolicy: { Version: '2012-10-17', Statement: [] } },
      ],
    }],
    keys: [{ arn: KEY, policy: { Version: '2012-10-17', Statement: statements }, grants: [] }],
  }), 'class-prefilter.json');
}

const anyoneUnder = (condition: Record<string, unknown>) =>
  ({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: condition });

const anyone = (world: World) => principalClasses(world, world.keys.get(KEY)!).find((c) => c.kind === 'anyone')!;

afterAll(async () => { await closeEngines(); });

test('issue 14: "*" under ArnLike aws:PrincipalArn on an account of the world admits no outsider, decided complete', async () => {
  const world = worldWith([anyoneUnder({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } })]);
  expect(keyCouldAdmitClass(world, world.keys.get(KEY)!, anyone(world))).toBe(false);
  await whoCan(world, { action: 'kms:Decrypt', key: KEY }); // Z3's start and the rules' parsing are paid once
  const started = performance.now();
  const answer = await whoCan(world, { action: 'kms:Decrypt', key: KEY });
  const ms = performance.now() - started;
  expect(answer.complete, answer.undecided.join('\n')).toBe(true);
  expect(answer.classes).toEqual([]);
  expect(answer.principals.map((p) => p.arn).sort()).toEqual([`arn:aws:iam::${ACCOUNT}:role/app-web`, `arn:aws:iam::${ACCOUNT}:role/app-worker`]);
  // Generous for a loaded machine (about 0.5 s when idle); the time-out it replaces was 10 s per operation class.
  expect(ms).toBeLessThan(5_000);
}, 60_000);

test.each([
  ['an account wildcard', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-*' } }],
  ['a string pattern with a wildcard before the account', { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }],
  ['a string pattern whose account is cut by a wildcard', { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::1111*' } }],
  ['IfExists', { ArnLikeIfExists: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } }],
  ['a negated operator', { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` } }],
  ['ForAllValues on the organization', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abcdefghij' } }],
  ['a policy variable', { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/app-*' } }],
  ['an unnamed account', { StringEquals: { 'aws:PrincipalAccount': '999999999999' } }],
])('%s leaves the class to Z3', (_name, condition) => {
  const world = worldWith([anyoneUnder(condition)]);
  expect(keyCouldAdmitClass(world, world.keys.get(KEY)!, anyone(world))).toBe(true);
});

test('Z3 still finds the outsiders an account wildcard lets in', async () => {
  const world = worldWith([anyoneUnder({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-*' } })]);
  const answer = await whoCan(world, { action: 'kms:Decrypt', key: KEY });
  expect(answer.classes.map((c) => c.kind)).toContain('anyone');
}, 60_000);

const SEED = Number(process.env.KEYPROOF_CLASS_FILTER_SEED ?? 20261202);
const RUNS = Number(process.env.KEYPROOF_CLASS_FILTER_RUNS ?? 150);

test('whenever the filter excludes a class, the reference denies sampled principals of it everything', () => {
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const accounts = [ACCOUNT, OTHER, '999999999999', '123456789012'];
  const arnValues = [
    ...accounts.flatMap((a) => [`arn:aws:iam::${a}:role/app-*`, `arn:aws:iam::${a}:*`, `arn:aws:iam::${a}:root`, `arn:aws:iam::${a}:user/u`]),
    'arn:aws:iam::*:role/app-*', 'arn:aws:iam::1*', 'arn:*', '*', 'arn:aws:iam::${aws:PrincipalAccount}:root',
  ];
  const operators = ['ArnLike', 'ArnEquals', 'StringLike', 'StringEquals', 'StringEqualsIgnoreCase', 'ArnNotLike', 'StringNotEquals', 'ArnLikeIfExists', 'ForAnyValue:StringLike', 'ForAllValues:StringLike'];
  const clause = (): Record<string, Record<string, string[]>> => {
    const kind = random();
    if (kind < 0.5) return { [pick(operators)]: { 'aws:PrincipalArn': [pick(arnValues), ...(random() < 0.3 ? [pick(arnValues)] : [])] } };
    if (kind < 0.8) return { [pick(['StringEquals', 'StringLike', 'StringNotEquals', 'StringEqualsIfExists'])]: { [pick(['aws:PrincipalAccount', 'kms:CallerAccount'])]: [pick([...accounts, '1*', '*'])] } };
    return { [pick(['StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'StringEqualsIfExists', 'Null'])]: { 'aws:PrincipalOrgID': [pick(['o-abcdefghij', 'o-*', 'true', 'false'])] } };
  };
  const principal = () => pick<unknown>(['*', { AWS: '*' }, { AWS: `arn:aws:iam::${pick(accounts)}:root` }, { AWS: pick(accounts) }, { AWS: `arn:aws:iam::${pick(accounts)}:role/app-web` }]);
  let excluded = 0;
  for (let run = 0; run < RUNS; run++) {
    const statements = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const condition: Record<string, Record<string, string[]>> = {};
      for (let i = Math.floor(random() * 3); i > 0; i--) Object.assign(condition, clause());
      return { Effect: 'Allow', Principal: principal(), Action: 'kms:*', Resource: '*', ...(Object.keys(condition).length ? { Condition: condition } : {}) };
    });
    const world = worldWith(statements, random() < 0.5);
    const key = world.keys.get(KEY)!;
    for (const cls of principalClasses(world, key)) {
      if (cls.kind === 'service' || keyCouldAdmitClass(world, key, cls)) continue;
      excluded++;
      const named = namedAccounts(world, key);
      const members = cls.kind === 'anyone' ? ['999999999999', '123456789012', '000000000001'].filter((a) => !named.has(a)) : cls.kind === 'account' ? [cls.value] : cls.accounts;
      for (const caller of samplesOf(members)) {
        const seen = worldWithOutsider(world, caller);
        for (const operation of KEY_OPERATIONS) {
          const answer = checkWithReference(seen, { caller, operation, key, overrides: [], context: contextFor(seen, caller, key, undefined, []) });
          expect(answer.decision, `seed ${SEED} run ${run}: the filter excluded ${cls.kind} ${cls.value}, but the reference allows ${caller.arn} ${operation.action} under ${JSON.stringify(statements)}`).not.toBe('ALLOW');
        }
      }
    }
  }
  // The generator must reach the filter's "excluded" answer often enough to test it.
  expect(excluded).toBeGreaterThan(RUNS / 10);
}, 120_000);

function samplesOf(accounts: readonly string[]): Caller[] {
  return accounts.flatMap((account) => [
    outsiderCaller({ kind: 'role-session', account, role: `arn:aws:iam::${account}:role/app-web`, principal: `arn:aws:sts::${account}:assumed-role/app-web/s` }),
    outsiderCaller({ kind: 'user', account, role: '', principal: `arn:aws:iam::${account}:user/u` }),
    outsiderCaller({ kind: 'root', account, role: '', principal: `arn:aws:iam::${account}:root` }),
  ]);
}



/**
 * Why not (issue 17 item 4): a denied check lists the smallest sets of changes that would allow it. Each set is
 * checked here independently of how it was found: both engines allow the request on the changed world, and neither
 * does with any one change left out.
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { CheckAnswer, WhyNotChange } from '../../../src/answer.js';
import { check, closeEngines } from '../../../src/api/check.js';
import { z3Engine } from '../../../src/api/engine-instance.js';
import { limitsOf } from '../../../src/engine/limits.js';
import { buildKmsRequest } from '../../../src/request/kms-request.js';
import { searchChanges } from '../../../src/questions/why-not/search.js';
import { referenceAllowsWith } from '../../../src/questions/why-not/why-not.js';
import { unblockingState } from '../../../src/questions/why-not/candidates.js';
import { renderCheckText } from '../../../src/report/text/check.js';
import { loadWorld } from '../../../src/world/load.js';
import { parseWorld } from '../../../src/api/load-world.js';
import { expectAllowingAndMinimal } from './check-changes.js';

afterAll(closeEngines);

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const ALICE_KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const BOB_KEY = 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const kinds = (answer: CheckAnswer) => (answer.whyNot ?? []).map((a) => a.changes.map((c) => c.kind).sort().join('+'));

describe('why not, on the seed worlds', () => {
  test('seed 1: alice is denied; a key policy statement, an IAM policy or a grant would each allow her', async () => {
    const world = loadWorld('examples/seed-alice.yaml');
    const input = { principal: ALICE, action: 'kms:Decrypt', key: ALICE_KEY };
    const answer = await check(world, { ...input, whyNot: true });
    expect(answer.decision).toBe('DENY');
    expect(kinds(answer)).toEqual(['add-key-policy-statement', 'add-iam-policy', 'add-grant']);
    const keyPolicy = answer.whyNot![0]!.changes[0] as Extract<WhyNotChange, { kind: 'add-key-policy-statement' }>;
    expect(keyPolicy.statement).toEqual({ Sid: 'AllowAliceDecrypt', Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:Decrypt', Resource: '*' });
    const request = buildKmsRequest(world, input);
    for (const alternative of answer.whyNot!) await expectAllowingAndMinimal(world, request, alternative, alternative.changes[0]!.kind);
  });

  test('seed 2: bob himself (no role assumed) across accounts needs both the key policy and an IAM allow, or a grant', async () => {
    const world = loadWorld('examples/seed-bob.yaml');
    const input = { principal: BOB, action: 'kms:Decrypt', key: BOB_KEY };
    const answer = await check(world, { ...input, whyNot: true });
    expect(answer.decision).toBe('DENY');
    expect(answer.whyNot!.length).toBeGreaterThan(0);
    expect(answer.whyNot!.length).toBeLessThanOrEqual(3);
    const request = buildKmsRequest(world, input);
    for (const alternative of answer.whyNot!) await expectAllowingAndMinimal(world, request, alternative, kinds({ ...answer, whyNot: [alternative] })[0]!);
  });

  test('an ALLOW carries no why-not, and its text is unchanged', async () => {
    const world = loadWorld('examples/seed-bob.yaml');
    const answer = await check(world, { principal: BOB, action: 'kms:Decrypt', key: BOB_KEY, transitive: true, whyNot: true });
    expect(answer.decision).toBe('ALLOW');
    expect(answer.whyNot).toBeUndefined();
    expect(renderCheckText({ principal: BOB, action: 'kms:Decrypt', key: BOB_KEY }, answer)).not.toContain('What would allow it');
  });

  test('without whyNot: true the library leaves the search out', async () => {
    const world = loadWorld('examples/seed-alice.yaml');
    const answer = await check(world, { principal: ALICE, action: 'kms:Decrypt', key: ALICE_KEY });
    expect(answer.decision).toBe('DENY');
    expect(answer.whyNot).toBeUndefined();
  });

  test('every set the solver finds is allowed by the reference evaluator too (the engines agree)', async () => {
    const world = loadWorld('examples/seed-bob.yaml');
    const request = buildKmsRequest(world, { principal: BOB, action: 'kms:Decrypt', key: BOB_KEY });
    const { sets } = await searchChanges((await z3Engine()).runtime, world, request, limitsOf({}), 5);
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) expect(referenceAllowsWith(world, request, { changes: set.map((c) => c.change) }), set.map((c) => c.change.kind).join('+')).toBe(true);
  });
});

const GUARDED = `
organization:
  id: o-exampleorgid
  managementAccount: "999999999999"
  accounts: ["111122223333", "999999999999"]
  serviceControlPolicies:
    - name: DenyKmsDecrypt
      targets: ["111122223333"]
      document: { "Version": "2012-10-17", "Statement": [
        { "Effect": "Allow", "Action": "*", "Resource": "*" },
        { "Sid": "NoDecrypt", "Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*" } ] }
accounts:
  - id: "111122223333"
    users:
      - arn: arn:aws:iam::111122223333:user/carol
        policies:
          - name: use-keys
            document: { "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": "kms:*", "Resource": "*" } }
keys:
  - arn: arn:aws:kms:us-west-2:111122223333:key/1111aaaa-11aa-11aa-11aa-111111111111
    state: PendingDeletion
    policy: { "Version": "2012-10-17", "Statement": [
      { "Sid": "Delegate", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" },
      { "Sid": "NoCarol", "Effect": "Deny", "Principal": { "AWS": "*" }, "Action": "kms:Decrypt", "Resource": "*",
        "Condition": { "StringEquals": { "aws:username": "carol" } } } ] }
`;

describe('why not, where Denies, SCPs and the key state stand in the way', () => {
  const world = parseWorld(GUARDED, 'guarded.yaml');
  const key = 'arn:aws:kms:us-west-2:111122223333:key/1111aaaa-11aa-11aa-11aa-111111111111';
  const carol = 'arn:aws:iam::111122223333:user/carol';

  test('three layers deny at once: one set narrows both Denies (one of them org-level) and brings the key back', async () => {
    const input = { principal: carol, action: 'kms:Decrypt', key };
    const answer = await check(world, { ...input, whyNot: true });
    expect(answer.decision).toBe('DENY');
    expect(kinds(answer)).toEqual(['key-state+narrow-deny+narrow-deny']);
    const changes = answer.whyNot![0]!.changes;
    expect(changes.filter((c) => c.level === 'organization').map((c) => c.kind)).toEqual(['narrow-deny']);
    expect(changes.find((c) => c.kind === 'key-state')).toMatchObject({ from: 'PendingDeletion', to: 'Enabled', calls: ['kms:CancelKeyDeletion', 'kms:EnableKey'] });
    await expectAllowingAndMinimal(world, buildKmsRequest(world, input), answer.whyNot![0]!, 'three layers');
    const text = renderCheckText({ principal: carol, action: 'kms:Decrypt', key }, answer);
    expect(text).toContain('(organization level) narrow the Deny');
    expect(text).toContain('kms:CancelKeyDeletion, then kms:EnableKey');
    expect(text).toContain('"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/carol"}');
  });

  test('a key pending deletion: EnableKey needs only CancelKeyDeletion (a Disabled key can be enabled)', () => {
    expect(unblockingState('PendingDeletion', 'kms:EnableKey')).toEqual({ to: 'Disabled', calls: ['kms:CancelKeyDeletion'] });
    expect(unblockingState('Disabled', 'kms:Decrypt')).toEqual({ to: 'Enabled', calls: ['kms:EnableKey'] });
    expect(unblockingState('Unavailable', 'kms:Decrypt')).toBeUndefined();
  });
});

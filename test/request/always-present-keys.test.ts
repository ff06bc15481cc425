/**
 * The global condition keys that iam/reference_policies_condition-keys.md documents as present in every request
 * ("always included in the request context", "included ... for all requests", "for all signed API requests") are
 * present in the context of a KMS request built for `check`, whoever makes it: derived from the world, the key and
 * the time of the request; those a request chooses can be set with `--context`; the two no KMS request can change
 * (its Region and TLS) are named in the answer when `--context` gives another value, on both engines; one that only
 * the request knows (aws:UserAgent) is named when the request leaves it out while a policy tests it.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { check, closeEngines, type Engine } from '../../src/api/check.js';
import { buildKmsRequest } from '../../src/request/kms-request.js';
import { parseWorld } from '../../src/world/load.js';

afterAll(closeEngines);

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const WORLD = parseWorld(JSON.stringify({
  organization: { id: 'o-exampleorgid', accounts: ['111122223333'] },
  accounts: [{
    id: '111122223333',
    users: [{ arn: 'arn:aws:iam::111122223333:user/alice', policies: [{ name: 'kms', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'kms:*', Resource: '*' } } }] }],
    roles: [{ arn: 'arn:aws:iam::111122223333:role/app', trustPolicy: { Version: '2012-10-17', Statement: [] } }],
  }],
  keys: [{
    arn: KEY, state: 'Enabled',
    policy: { Version: '2012-10-17', Statement: [
      { Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'NoScripts', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringLike: { 'aws:UserAgent': '*scripted*' } } },
      { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' },
    ] },
  }],
}), 'always-present.json');

const NOW = new Date('2026-12-02T08:00:00Z');
const contextOf = (principal: string, context: string[] = []) =>
  buildKmsRequest(WORLD, { principal, action: 'kms:Decrypt', key: KEY, context }, NOW).context;

/** In every request (iam/reference_policies_condition-keys.md, each key's "Availability"). */
const EVERY_REQUEST = ['aws:CurrentTime', 'aws:EpochTime', 'aws:RequestedRegion', 'aws:SecureTransport', 'aws:ViaAWSService', 'aws:ResourceAccount'];
/** In every request signed with an identity's credentials. */
const SIGNED = ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:PrincipalIsAWSService', 'kms:CallerAccount'];

describe('present in every KMS request', () => {
  test.each([
    ['an IAM user', 'arn:aws:iam::111122223333:user/alice', 'User', ['aws:username', 'aws:PrincipalOrgID']],
    ['a role session', 'arn:aws:iam::111122223333:role/app', 'AssumedRole', ['aws:PrincipalOrgID']],
    ['the account root user', 'arn:aws:iam::111122223333:root', 'Account', ['aws:PrincipalOrgID']],
  ])('%s', (_, principal, type, more) => {
    const context = contextOf(principal);
    for (const key of [...EVERY_REQUEST, ...SIGNED, ...more]) expect(context.has(key), key).toBe(true);
    expect(context.get('aws:PrincipalType')).toEqual([type]);
    expect(context.get('aws:RequestedRegion')).toEqual(['eu-west-1']);
    expect(context.get('aws:SecureTransport')).toEqual(['true']);
    expect(context.get('aws:CurrentTime')).toEqual(['2026-12-02T08:00:00Z']);
    expect(context.get('aws:EpochTime')).toEqual([String(NOW.getTime() / 1000)]);
    expect(context.has('aws:username')).toBe(type === 'User');
  });

  test('an AWS service principal', () => {
    const context = contextOf('logs.eu-west-1.amazonaws.com');
    for (const key of [...EVERY_REQUEST, 'aws:PrincipalIsAWSService', 'aws:PrincipalServiceName']) expect(context.has(key), key).toBe(true);
    expect(context.get('aws:PrincipalIsAWSService')).toEqual(['true']);
  });
});

describe('what a request chooses is settable with --context', () => {
  test.each(['aws:CurrentTime=2020-01-01T00:00:00Z', 'aws:EpochTime=1577836800', 'aws:UserAgent=aws-cli/2.15', 'aws:SourceIp=192.0.2.7',
    'aws:MultiFactorAuthPresent=true', 'aws:SourceVpce=vpce-1a2b3c4d'])('%s', (pair) => {
    const [key, value] = pair.split('=') as [string, string];
    expect(contextOf('arn:aws:iam::111122223333:user/alice', [pair]).get(key)).toEqual([value]);
  });

  test.each<Engine>(['reference', 'z3'])('aws:UserAgent decides a Deny on %s; left out while a policy tests it, the answer says so', async (engine) => {
    const ask = (context: string[]) => check(WORLD, { principal: 'alice', action: 'kms:Decrypt', key: KEY, context, engine });
    const given = await ask(['aws:UserAgent=aws-cli/2.15']);
    expect(given.decision).toBe('ALLOW');
    expect(given.assumptions).toBeUndefined();
    expect((await ask(['aws:UserAgent=my-scripted-tool/1.0'])).reason).toBe('EXPLICIT_DENY');
    expect((await ask([])).assumptions).toEqual([expect.stringContaining('every request carries aws:UserAgent, and a policy tests it, but the request context gives none')]);
  });
});

describe('what no KMS request can change is named when --context says otherwise', () => {
  test.each<Engine>(['reference', 'z3'])('%s', async (engine) => {
    const answer = await check(WORLD, {
      principal: 'alice', action: 'kms:Decrypt', key: KEY, context: ['aws:RequestedRegion=us-east-1', 'aws:SecureTransport=false'], engine,
    });
    expect(answer.decision).toBe('ALLOW');
    expect(answer.assumptions).toEqual([
      expect.stringContaining('aws:RequestedRegion=us-east-1 is not used for the KMS request'),
      expect.stringContaining('aws:SecureTransport=false is not used for the KMS request'),
      expect.stringContaining('aws:UserAgent'),
    ]);
    const plain = await check(WORLD, { principal: 'alice', action: 'kms:Decrypt', key: KEY, context: ['aws:RequestedRegion=eu-west-1', 'aws:UserAgent=aws-cli/2.15'], engine });
    expect(plain.assumptions).toBeUndefined();
  });
});

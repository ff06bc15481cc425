/** Reading CloudFormation templates into the change model: intrinsics, parameters, conditions, symbols, what is unsupported. */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { SourceText } from '../../../src/input/source-text.js';
import { readCloudFormationText, type CloudFormationOptions } from '../../../src/world/cloudformation/read-template.js';
import { SHORT_FORM_TAGS } from '../../../src/world/cloudformation/short-form-tags.js';
import type { Fact } from '../../../src/world/change/model.js';

const parse = (text: string, file = 'template.yaml') => SourceText.parse(file, text, undefined, SHORT_FORM_TAGS);
const read = (after: string, options: CloudFormationOptions = {}, before?: string) =>
  readCloudFormationText(parse(after), before === undefined ? undefined : parse(before, 'before.yaml'), { account: '111122223333', region: 'eu-west-1', ...options });
const facts = (text: string, options: CloudFormationOptions = {}): Fact[] => read(text, options).resources.flatMap((r) => r.after);
const inline = (fs: Fact[]) => fs.filter((f): f is Extract<Fact, { kind: 'inline-policy' }> => f.kind === 'inline-policy');

const policyOf = (resource: string) => `
Resources:
  Holder:
    Type: AWS::IAM::Role
    Properties:
      RoleName: holder
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement: [{ Effect: Allow, Action: kms:Decrypt, Resource: ${resource} }]
`;

describe('intrinsic functions', () => {
  test.each([
    ['!Sub', `!Sub 'arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/\${!Literal}'`, 'arn:aws:kms:eu-west-1:111122223333:key/${Literal}'],
    ['!Sub with variables', `!Sub ['arn:aws:kms:eu-west-1:111122223333:key/\${Id}', { Id: abc }]`, 'arn:aws:kms:eu-west-1:111122223333:key/abc'],
    ['!Select and !Split', `!Select [1, !Split [',', 'a,arn:aws:kms:eu-west-1:111122223333:key/x,c']]`, 'arn:aws:kms:eu-west-1:111122223333:key/x'],
    ['!Join', `!Join [':', [arn, aws, kms, eu-west-1, '111122223333', key/j]]`, 'arn:aws:kms:eu-west-1:111122223333:key/j'],
    ['long form in YAML', `{ 'Fn::Join': ['', ['arn:aws:kms:eu-west-1:', { Ref: 'AWS::AccountId' }, ':key/l']] }`, 'arn:aws:kms:eu-west-1:111122223333:key/l'],
  ])('%s', (_name, expression, expected) => {
    const [policy] = inline(facts(policyOf(expression)));
    expect(policy!.document.statements[0]!.resource).toEqual([expected]);
    expect(policy!.unknowns).toEqual([]);
  });

  test('!If on conditions built with !And, !Or, !Not and !Equals; AWS::NoValue drops the item', () => {
    const text = `
Parameters:
  Stage: { Type: String, Default: prod }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotDev: !Not [!Equals [!Ref Stage, dev]]
  Both: !And [!Condition IsProd, !Condition NotDev]
  Either: !Or [!Equals [a, b], !Condition Both]
${policyOf(`[!If [Either, 'arn:aws:kms:eu-west-1:111122223333:key/yes', 'arn:aws:kms:eu-west-1:111122223333:key/no'], !If [IsProd, !Ref 'AWS::NoValue', 'arn:aws:kms:eu-west-1:111122223333:key/dev']]`).replace('\nResources:', 'Resources:')}`;
    expect(inline(facts(text))[0]!.document.statements[0]!.resource).toEqual(['arn:aws:kms:eu-west-1:111122223333:key/yes']);
    expect(inline(facts(text, { parameters: { Stage: 'dev' } }))[0]!.document.statements[0]!.resource)
      .toEqual(['arn:aws:kms:eu-west-1:111122223333:key/no', 'arn:aws:kms:eu-west-1:111122223333:key/dev']);
  });

  test('a parameter without a value is unknown: the policy that uses it allows everything, named; given, it resolves', () => {
    const text = `
Parameters:
  KeyArn: { Type: String }
${policyOf('!Ref KeyArn')}`;
    const [unknown] = inline(facts(text));
    expect(unknown!.unknowns).toEqual(['Holder.Policies[0] (from parameter KeyArn)']);
    expect(unknown!.document.statements[0]).toMatchObject({ action: ['*'], resource: ['*'] });
    const [known] = inline(facts(text, { parameters: { KeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k' } }));
    expect(known!.document.statements[0]!.resource).toEqual(['arn:aws:kms:eu-west-1:111122223333:key/k']);
  });

  test('an unknown principal of a key policy is a fresh principal of an account of its own, named; the rest of the policy stays as written', () => {
    const change = read(`
Parameters:
  Partner: { Type: String }
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: { AWS: [!Ref Partner, 'arn:aws:iam::444455556666:root'] }, Action: kms:Decrypt, Resource: '*' }
`);
    const policy = change.resources[0]!.after.find((f) => f.kind === 'key-policy')!;
    const name = 'Key.KeyPolicy principal (from parameter Partner)';
    expect(change.symbolicPrincipals).toEqual([{ account: '000000000001', value: name }]);
    expect(policy.unknowns).toEqual([name]);
    expect(policy).toMatchObject({ document: { statements: [{ action: ['kms:Decrypt'], principal: [{ type: 'AWS', value: 'arn:aws:iam::000000000001:root' }, { type: 'AWS', value: 'arn:aws:iam::444455556666:root' }] }] } });
    expect(change.accounts).not.toContain('000000000001');
  });

  test('!GetAtt of a resource keyproof does not model is unknown, named by resource and attribute', () => {
    const text = `${policyOf('!GetAtt Bucket.Arn')}
  Bucket:
    Type: AWS::S3::Bucket
`;
    const change = read(text);
    expect(inline(change.resources.flatMap((r) => r.after))[0]!.unknowns).toEqual(['Holder.Policies[0] (from Bucket.Arn)']);
    expect(change.ignored).toEqual(['Bucket']);
  });
});

describe('resources', () => {
  test('a key, its alias and a role without a name: symbols for what CloudFormation generates, the same on both sides', () => {
    const key = `
Resources:
  Key:
    Type: AWS::KMS::Key
  Alias:
    Type: AWS::KMS::Alias
    Properties: { AliasName: alias/k, TargetKeyId: !GetAtt Key.Arn }
  Worker:
    Type: AWS::IAM::Role
    Properties:
      Path: /app/
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
`;
    const change = read(key.replace('alias/k', 'alias/k2'), {}, key);
    expect([...change.symbolicKeys]).toEqual([['arn:aws:kms:eu-west-1:111122223333:key/unknown-1', 'Key']]);
    expect([...change.symbolicIdentities]).toEqual([['arn:aws:iam::111122223333:role/app/unknown-1', 'Worker']]);
    expect(change.resources.map((r) => [r.resource.address, r.resource.action])).toEqual([['Key', 'no-op'], ['Alias', 'update'], ['Worker', 'no-op']]);
    const alias = change.resources[1]!;
    expect(alias.after).toEqual([expect.objectContaining({ kind: 'alias', name: 'alias/k2', keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/unknown-1' })]);
    // A key without KeyPolicy has the default key policy (kms/key-policy-default.md).
    const policy = change.resources[0]!.after.find((f) => f.kind === 'key-policy');
    expect(policy).toMatchObject({ document: { statements: [{ principal: [{ type: 'AWS', value: 'arn:aws:iam::111122223333:root' }], action: ['kms:*'] }] } });
  });

  test('a resource removed from the template is deleted, unless its DeletionPolicy retains it (it stays as it was)', () => {
    const before = `
Resources:
  Kept:
    Type: AWS::KMS::Key
    DeletionPolicy: Retain
  Gone:
    Type: AWS::KMS::Key
`;
    const change = read('Resources: {}', {}, before);
    expect(change.resources.map((r) => [r.resource.address, r.resource.action, r.before.length, r.after.length])).toEqual([['Kept', 'no-op', 2, 0], ['Gone', 'delete', 2, 0]]);
  });

  test('a managed policy attached by Ref, a user in a group by UserToGroupAddition, an SCP on an account and an OU', () => {
    const text = `
Resources:
  Readers:
    Type: AWS::IAM::Group
    Properties: { GroupName: readers, ManagedPolicyArns: [!Ref Read] }
  Read:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: read
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: kms:Decrypt, Resource: '*' }] }
  Bob:
    Type: AWS::IAM::User
    Properties: { UserName: bob }
  Membership:
    Type: AWS::IAM::UserToGroupAddition
    Properties: { GroupName: !Ref Readers, Users: [!Ref Bob] }
  Guard:
    Type: AWS::Organizations::Policy
    Properties:
      Name: guard
      Type: SERVICE_CONTROL_POLICY
      TargetIds: ['111122223333', ou-abcd-12345678]
      Content: { Version: '2012-10-17', Statement: [{ Effect: Deny, Action: kms:Decrypt, Resource: '*' }] }
`;
    const change = read(text);
    const all = change.resources.flatMap((r) => r.after);
    expect(all.filter((f) => f.kind === 'attachment')).toEqual([expect.objectContaining({ holderArn: 'arn:aws:iam::111122223333:group/readers', policyArn: 'arn:aws:iam::111122223333:policy/read' })]);
    expect(all.filter((f) => f.kind === 'membership')).toEqual([expect.objectContaining({ userArn: 'arn:aws:iam::111122223333:user/bob', groupArn: 'arn:aws:iam::111122223333:group/readers' })]);
    expect(all.filter((f) => f.kind === 'org-attachment')).toEqual([expect.objectContaining({ policyId: 'unknown:Guard', target: '111122223333' })]);
    expect(change.unsupported).toEqual([expect.objectContaining({ resource: 'Guard', why: expect.stringContaining('ou-abcd-12345678') })]);
    expect(change.unsupported[0]!.location).toMatchObject({ pointer: '/Resources/Guard/Properties/TargetIds/1', line: 22 });
  });

  test('a template with a transform, or a nested stack, is incomplete, named', () => {
    const change = read(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: https://example.com/t.yaml }
`);
    expect(change.unsupported.map((u) => u.why)).toEqual([
      expect.stringContaining('transform AWS::Serverless-2016-10-31'),
      expect.stringContaining('nested stack'),
    ]);
  });

  test('a JSON template (as CDK writes it) reads the same as YAML', () => {
    const json = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::444455556666:root']] } }, Action: 'kms:*', Resource: '*' }] } } } } }, null, 1);
    const change = readCloudFormationText(SourceText.parse('t.template.json', json, undefined, SHORT_FORM_TAGS), undefined, { region: 'eu-west-1' });
    // The account comes from the ARNs the template names.
    expect([...change.symbolicKeys.keys()]).toEqual(['arn:aws:kms:eu-west-1:444455556666:key/unknown-1']);
    expect(change.resources[0]!.after[1]).toMatchObject({ kind: 'key-policy', location: { pointer: '/Resources/Key/Properties/KeyPolicy', line: 6 } });
  });
});

describe('bad input', () => {
  const error = (f: () => unknown) => { try { f(); } catch (e) { return e; } return undefined; };

  test.each([
    ['an unknown parameter', () => read(policyOf("'*'"), { parameters: { Nope: 'x' } }), '--parameter Nope: the template declares no parameter Nope'],
    ['no account', () => readCloudFormationText(parse('Resources: { K: { Type: AWS::KMS::Key } }'), undefined, { region: 'eu-west-1' }), 'pass --account ID'],
    ['a Ref to nothing', () => read(policyOf('!Ref Nothing')), 'Ref: Nothing is neither a parameter, a pseudo parameter nor a resource'],
    ['no Resources', () => read('AWSTemplateFormatVersion: "2010-09-09"'), 'expected a CloudFormation template'],
    ['a bad !Select index', () => read(policyOf('!Select [3, [a]]')), 'Fn::Select: index 3 is outside the list of 1'],
  ])('%s: an InputError saying what was expected', (_name, f, message) => {
    const e = error(f);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toContain(message);
  });
});

/** The Terraform plan reader: the facts each resource change holds, unknown values, and bad input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { applyChange } from '../../../src/world/change/apply-change.js';
import { emptyWorld } from '../../../src/api/change.js';
import { readTerraformPlan } from '../../../src/world/terraform/read-plan.js';
import { main } from '../../../src/cli/main.js';
import { CapturedOutput } from '../../../src/cli/output.js';

const plan = (name: string) => `test/fixtures/terraform/${name}.json`;
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function withPlan(edit: (plan: any) => void): string {
  const value = JSON.parse(readFileSync(plan('grant-external'), 'utf8'));
  edit(value);
  const file = join(mkdtempSync(join(tmpdir(), 'keyproof-plan-')), 'plan.json');
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

describe('reading a Terraform plan', () => {
  test('create: the grant is on the key its key_id names, with its grantee and operations; the account comes from aws_caller_identity', () => {
    const change = readTerraformPlan(plan('grant-external'));
    expect(change.accounts).toEqual(['111122223333']);
    const grant = change.resources.find((r) => r.resource.address === 'aws_kms_grant.partner')!;
    expect(grant.resource.action).toBe('create');
    expect(grant.before).toEqual([]);
    expect(grant.after).toEqual([expect.objectContaining({ kind: 'grant', unknowns: [], grant: expect.objectContaining({ keyArn: KEY, granteePrincipal: 'arn:aws:iam::999988887777:role/partner', operations: ['Decrypt'] }) })]);
  });

  test('an unknown policy document is the most permissive one, named with the references of its expression', () => {
    const change = readTerraformPlan(plan('key-policy-open-computed'));
    const [fact] = change.resources.find((r) => r.resource.type === 'aws_kms_key_policy')!.after;
    expect(fact).toMatchObject({ kind: 'key-policy', keyArn: KEY, priority: 2, unknowns: ['aws_kms_key_policy.app.policy (from aws_vpc_endpoint.kms.id)'] });
    expect(fact!.kind === 'key-policy' && fact.document.statements[0]).toMatchObject({ effect: 'Allow', principal: [{ type: 'AWS', value: '*' }], action: ['*'] });
  });

  test('modules and for_each: each module instance\'s attachment resolves the policy ARN through var.policy_arn to aws_iam_policy.kms_use', () => {
    const change = readTerraformPlan(plan('modules-for-each'));
    const attachments = change.resources.flatMap((r) => r.after).filter((f) => f.kind === 'attachment');
    expect(attachments.map((f) => f.kind === 'attachment' && [f.holderArn, f.policyArn, f.unknowns])).toEqual([
      ['arn:aws:iam::111122223333:role/app-blue', 'arn:aws:iam::111122223333:policy/kms-use', []],
      ['arn:aws:iam::111122223333:role/app-green', 'arn:aws:iam::111122223333:policy/kms-use', []],
    ]);
  });

  test('replace: the old key\'s facts carry its ARN, the new key a symbol named by its resource; the alias follows the new key', () => {
    const change = readTerraformPlan(plan('delete-and-replace'));
    const logs = change.resources.find((r) => r.resource.address === 'aws_kms_key.logs')!;
    expect(logs.resource.action).toBe('replace');
    const [before] = logs.before;
    const [after] = logs.after;
    expect(before).toMatchObject({ kind: 'key', arn: 'arn:aws:kms:eu-west-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321' });
    expect(after).toMatchObject({ kind: 'key', arn: 'arn:aws:kms:eu-west-1:111122223333:key/unknown-1' });
    expect(change.symbolicKeys.get('arn:aws:kms:eu-west-1:111122223333:key/unknown-1')).toBe('aws_kms_key.logs');
    const alias = change.resources.find((r) => r.resource.address === 'aws_kms_alias.logs')!;
    expect(alias.after).toEqual([expect.objectContaining({ kind: 'alias', keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/unknown-1', name: 'alias/logs' })]);
    const worlds = applyChange(emptyWorld('none'), change);
    expect(worlds.after.aliases.get('arn:aws:kms:eu-west-1:111122223333:alias/logs')).toBe('arn:aws:kms:eu-west-1:111122223333:key/unknown-1');
    expect(worlds.after.keys.has('arn:aws:kms:eu-west-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321')).toBe(false);
    expect(worlds.before.keys.get(KEY)!.grants.map((g) => g.granteePrincipal)).toEqual(['arn:aws:iam::999988887777:role/partner']);
    expect(worlds.after.keys.get(KEY)!.grants).toEqual([]);
  });

  test('an SCP attachment to an account adds the SCP and FullAWSAccess (assumed) to the organization', () => {
    const worlds = applyChange(emptyWorld('none'), readTerraformPlan(plan('scp-attachment')));
    const scps = worlds.after.organization!.serviceControlPolicies;
    expect(scps.map((p) => [p.name, p.targets])).toEqual([['kms-region', ['111122223333']], [expect.stringContaining('FullAWSAccess'), ['111122223333']]]);
    expect(worlds.before.organization).toBeUndefined();
  });

  test('an attachment to an organizational unit is unsupported, named, never dropped', () => {
    const file = withPlan((p) => {
      p.resource_changes.push({ address: 'aws_organizations_policy_attachment.ou', mode: 'managed', type: 'aws_organizations_policy_attachment', name: 'ou',
        change: { actions: ['create'], before: null, after: { policy_id: 'p-abcdefgh', target_id: 'ou-ab12-cdefgh34' }, after_unknown: { id: true } } });
    });
    const change = readTerraformPlan(file);
    expect(change.unsupported).toEqual([expect.objectContaining({ resource: 'aws_organizations_policy_attachment.ou', why: expect.stringContaining('organizational unit') })]);
  });

  test('a key created without a policy gets the default key policy; one whose policy is unknown gets the most permissive', () => {
    const file = withPlan((p) => {
      p.resource_changes.push({ address: 'aws_kms_key.new', mode: 'managed', type: 'aws_kms_key', name: 'new',
        change: { actions: ['create'], before: null, after: { is_enabled: true, tags: null }, after_unknown: { arn: true, key_id: true, id: true, policy: true } } });
      p.configuration.root_module.resources.push({ address: 'aws_kms_key.new', mode: 'managed', type: 'aws_kms_key', name: 'new', expressions: { description: { constant_value: 'x' } } });
    });
    const fact = readTerraformPlan(file).resources.find((r) => r.resource.address === 'aws_kms_key.new')!.after.find((f) => f.kind === 'key-policy')!;
    expect(fact.unknowns).toEqual([]);
    expect(fact.kind === 'key-policy' && fact.document.statements[0]!.principal).toEqual([{ type: 'AWS', value: 'arn:aws:iam::111122223333:root' }]);
  });

  test('bad input: a policy that is not valid JSON is an error at its place in the plan; the CLI exits 2 without a stack trace', async () => {
    const file = withPlan((p) => { p.resource_changes[0].change.after.policy = '{"Statement": ['; });
    expect(() => readTerraformPlan(file)).toThrow(InputError);
    const out = new CapturedOutput();
    expect(await main(['change', '--terraform-plan', file], out)).toBe(2);
    expect(out.err).toContain('/resource_changes/0/change/after/policy');
    expect(out.err).not.toContain('    at ');
  });

  test('not a plan: exit 2 saying what was expected', async () => {
    const out = new CapturedOutput();
    expect(await main(['change', '--terraform-plan', 'test/fixtures/world/native.json'], out)).toBe(2);
    expect(out.err).toContain('terraform show -json');
  });
});

describe('keyproof change on the command line', () => {
  test('--fail-on external exits 1 for a grant to another account; --fail-on public exits 0; --format json prints the result', async () => {
    const out = new CapturedOutput();
    expect(await main(['change', '--terraform-plan', plan('grant-external'), '--fail-on', 'external', '--format', 'json'], out)).toBe(1);
    expect(JSON.parse(out.out).verdict).toEqual({ newAccess: true, public: false, external: true });
    expect(await main(['change', '--terraform-plan', plan('grant-external'), '--fail-on', 'public'], new CapturedOutput())).toBe(0);
  }, 120_000);

  test('an incomplete answer fails the gate unless --allow-incomplete', async () => {
    const file = withPlan((p) => {
      p.resource_changes.push({ address: 'aws_iam_role_policies_exclusive.x', mode: 'managed', type: 'aws_iam_role_policies_exclusive', name: 'x',
        change: { actions: ['create'], before: null, after: { role_name: 'r', policy_names: [] }, after_unknown: {} } });
    });
    const out = new CapturedOutput();
    expect(await main(['change', '--terraform-plan', file, '--fail-on', 'public'], out)).toBe(1);
    expect(out.out).toContain('aws_iam_role_policies_exclusive is not modelled');
    expect(await main(['change', '--terraform-plan', file, '--fail-on', 'public', '--allow-incomplete'], new CapturedOutput())).toBe(0);
  }, 120_000);
});

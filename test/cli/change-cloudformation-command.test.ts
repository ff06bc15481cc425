/** `keyproof change --cloudformation` and `diff --world` on the command line: exit codes, formats, bad usage. */
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';

const template = (name: string) => `test/fixtures/cloudformation/${name}.yaml`;
const place = ['--account', '111122223333', '--region', 'eu-west-1'];

describe('keyproof change --cloudformation', () => {
  test('--fail-on external exits 1 for the partner statement; --format md prints the comment, --format sarif a log located in the template', async () => {
    const md = new CapturedOutput();
    const args = ['change', '--cloudformation', template('grant-external'), '--cloudformation-before', template('base'), ...place];
    expect(await main([...args, '--fail-on', 'external', '--format', 'md'], md)).toBe(1);
    expect(md.out).toMatch(/^## keyproof change: a principal outside the estate can gain access/);
    expect(md.out).toContain('`test/fixtures/cloudformation/grant-external.yaml:38`');
    const sarif = new CapturedOutput();
    expect(await main([...args, '--format', 'sarif', '--parameter', 'PartnerAccount=999988887777'], sarif)).toBe(0);
    const result = JSON.parse(sarif.out).runs[0].results[0];
    expect(result.ruleId).toBe('keyproof/change/external-access');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'test/fixtures/cloudformation/grant-external.yaml' }, region: { startLine: 38, startColumn: 13 } });
  }, 120_000);

  test.each([
    [['--parameter', 'NoEquals'], '--parameter: expected KEY=VALUE'],
    [['--parameter', 'Nope=1'], 'the template declares no parameter Nope'],
    [['--terraform-plan', 'test/fixtures/terraform/grant-external.json'], 'not both'],
  ])('bad usage %j: exit 2 saying what was expected', async (extra, message) => {
    const out = new CapturedOutput();
    expect(await main(['change', '--cloudformation', template('base'), ...place, ...extra], out)).toBe(2);
    expect(out.err).toContain(message);
    expect(out.err).not.toContain('    at ');
  });

  test('a template that is not YAML: exit 2 at its line', async () => {
    const out = new CapturedOutput();
    expect(await main(['change', '--cloudformation', 'test/fixtures/diff-world/old-key-policy.json', ...place], out)).toBe(2);
    expect(out.err).toContain('expected a CloudFormation template');
  });
});

describe('keyproof diff --world', () => {
  test('--fail-on more-permissive passes when the world shows nobody gains (the policies alone are incomparable: test/questions/diff/world-diff.test.ts)', async () => {
    const out = new CapturedOutput();
    const policies = ['test/fixtures/diff-world/old-key-policy.json', 'test/fixtures/diff-world/new-key-policy.json'];
    expect(await main(['diff', ...policies, '--world', 'test/fixtures/diff-world/world.yaml', '--fail-on', 'more-permissive', '--format', 'json'], out)).toBe(0);
    expect(JSON.parse(out.out)).toMatchObject({ source: 'policy-diff', verdict: { newAccess: false } });
    const usage = new CapturedOutput();
    expect(await main(['diff', ...policies, '--key', 'x'], usage)).toBe(2);
    expect(usage.err).toContain('give --world');
  }, 120_000);
});

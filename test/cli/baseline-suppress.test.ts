/**
 * `audit --baseline` and suppression rules through the CLI (issue 17.2): a second audit after one intended change
 * reports just that change; --fail-on counts new, unsuppressed findings only; keyproof.suppress.yaml next to the
 * world is read; bad files are exit 2 at file:line:column.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { closeEngines } from '../../src/api/check.js';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';

const PARTNER = '210987654321';
const SECOND = '999988887777';

function world(partners: string[]): string {
  const principals = partners.map((p) => `arn:aws:iam::${p}:root`);
  return `accounts:
  - id: "111122223333"
    users:
      - arn: arn:aws:iam::111122223333:user/dev
keys:
  - arn: arn:aws:kms:us-east-1:111122223333:key/cccc3333-cc33-cc33-cc33-cccccccc3333
    aliases: [alias/partner-key]
    policy:
      Version: "2012-10-17"
      Statement:
        - Sid: Enable IAM policies
          Effect: Allow
          Principal: { AWS: arn:aws:iam::111122223333:root }
          Action: "kms:*"
          Resource: "*"
        - Sid: Partners decrypt
          Effect: Allow
          Principal: { AWS: ${JSON.stringify(principals)} }
          Action: kms:Decrypt
          Resource: "*"
`;
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const output = new CapturedOutput();
  const code = await main(args, output);
  return { code, out: output.out, err: output.err };
}

const dir = mkdtempSync(join(tmpdir(), 'keyproof-baseline-'));
const worldFile = join(dir, 'world.yaml');
const baseline = join(dir, 'baseline.json');

afterAll(() => closeEngines());

describe('audit --baseline and suppression rules', () => {
  test('after one intended change, the second audit reports just that change, and --fail-on counts only it', async () => {
    writeFileSync(worldFile, world([PARTNER]));
    const first = await run('audit', '--world', worldFile, '--jobs', '1', '--format', 'findings-json', '--out', baseline);
    expect(first.code, first.err).toBe(0);
    const before = JSON.parse(readFileSync(baseline, 'utf8')) as { findings: Array<{ kind: string; principal: string }> };
    expect(before.findings).toContainEqual(expect.objectContaining({ kind: 'external', principal: PARTNER }));

    // Unchanged world: nothing new, so --fail-on passes although an external finding exists.
    const same = await run('audit', '--world', worldFile, '--jobs', '1', '--baseline', baseline, '--fail-on', 'external');
    expect(same.code, same.err).toBe(0);
    expect(same.out).toMatch(/compared with the baseline .*baseline\.json: 0 new, \d+ unchanged, 0 resolved/);

    writeFileSync(worldFile, world([PARTNER, SECOND]));
    const second = await run('audit', '--world', worldFile, '--jobs', '1', '--baseline', baseline, '--fail-on', 'external');
    expect(second.code).toBe(1);
    expect(second.out).toMatch(/: 1 new, \d+ unchanged, 0 resolved/);
    const newLines = second.out.split('\n').filter((line) => line.includes('(new)'));
    expect(newLines).toHaveLength(1);
    expect(newLines[0]).toContain(SECOND);

    // The partner is accepted by a rule next to the world: the finding is listed as suppressed, and the gate passes.
    writeFileSync(join(dir, 'keyproof.suppress.yaml'), `suppressions:\n  - reason: the second partner reads the exchange bucket (SEC-7)\n    kind: external\n    principal: "${SECOND}"\n    expires: 2999-12-31\n`);
    const accepted = await run('audit', '--world', worldFile, '--jobs', '1', '--baseline', baseline, '--fail-on', 'external');
    expect(accepted.code, accepted.out).toBe(0);
    expect(accepted.err).toContain('suppression rules from');
    expect(accepted.out).toMatch(/suppressed: 1 finding, still present/);
    expect(accepted.out).toContain('SEC-7');

    // The resolved direction: back to the first world against a baseline of the second.
    const secondBaseline = join(dir, 'second.json');
    expect((await run('audit', '--world', worldFile, '--jobs', '1', '--format', 'json', '--out', secondBaseline)).code).toBe(0);
    writeFileSync(worldFile, world([PARTNER]));
    const back = await run('audit', '--world', worldFile, '--jobs', '1', '--baseline', secondBaseline, '--format', 'findings-json');
    const document = JSON.parse(back.out) as { resolved: Array<{ principal: string; status: string }> };
    expect(document.resolved).toEqual([expect.objectContaining({ principal: SECOND, status: 'RESOLVED' })]);
  }, 120_000);

  test('a bad suppression file or baseline is exit 2 at file:line:column, before the audit runs', async () => {
    const bad = join(dir, 'bad.suppress.yaml');
    writeFileSync(bad, 'suppressions:\n  - kind: external\n    principal: "1"\n');
    const result = await run('audit', '--world', worldFile, '--suppress', bad);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${bad}:2:5`);
    expect(result.err).toContain('"reason"');
    const notJson = join(dir, 'not-baseline.json');
    writeFileSync(notJson, '{"version": "2.1.0", "runs": []}');
    const baselineResult = await run('audit', '--world', worldFile, '--baseline', notJson);
    expect(baselineResult.code).toBe(2);
    expect(baselineResult.err).toContain(`${notJson}:1:1`);
    expect((await run('audit', '--world', worldFile, '--shard', '0/2', '--baseline', baseline)).code).toBe(2);
  });
});

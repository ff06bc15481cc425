/** `change --format md|sarif`: a pull-request comment whose values cannot become markup, and a valid SARIF log located in the change's files. */
import type { Log } from 'sarif';
import { describe, expect, test } from 'vitest';
import type { AccessChange, ChangeResult } from '../../../src/questions/change/change-result.js';
import { renderChangeReport } from '../../../src/report/change/change-report.js';
import { expectValid } from '../../fixtures/sarif-validator.js';

const PLAN = 'plans/plan.json';
const entry = (over: Partial<AccessChange>): AccessChange => ({
  principal: '999988887777', origin: 'external-account', operations: ['kms:Decrypt'], path: [], via: ['grant'], conditions: [],
  matched: [], locations: [{ file: PLAN, pointer: '/resource_changes/1/change/after' }],
  witnesses: [{ principal: 'arn:aws:sts::999988887777:assumed-role/partner/session', action: 'kms:Decrypt', context: {}, through: [] }],
  kind: 'new', dependsOn: [], outside: true, ...over,
});

const RESULT: ChangeResult = {
  source: 'terraform-plan', file: PLAN, world: null,
  resources: [{ address: 'aws_kms_grant.partner', type: 'aws_kms_grant', action: 'create', location: { file: PLAN, pointer: '/resource_changes/1' } }],
  keys: [{
    key: 'arn:aws:kms:eu-west-1:111122223333:key/k', account: '111122223333', status: 'changed',
    gained: [
      entry({}),
      entry({ principal: '*', origin: 'anyone', dependsOn: ['aws_kms_key_policy.app.policy (from aws_vpc_endpoint.kms.id)'], locations: [{ file: 'tpl/t.yaml', pointer: '/Resources/K/Properties/KeyPolicy', line: 31, column: 9 }] }),
      entry({ principal: 'arn:aws:iam::111122223333:role/<img src=x>|`evil`', origin: 'world', outside: false, path: ['arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/b'] }),
    ],
    lost: [entry({ principal: '444455556666', kind: 'narrowed', outside: true, conditions: ['kms:ViaService = s3.eu-west-1.amazonaws.com'] })],
  }],
  examined: 1, unknowns: ['aws_kms_key_policy.app.policy (from aws_vpc_endpoint.kms.id)'],
  verdict: { newAccess: true, public: true, external: true }, complete: false, undecided: ['aws_organizations_policy_attachment.ou: an OU [click](https://x)'],
};

describe('change --format md', () => {
  const md = renderChangeReport(RESULT, 'md', { version: '0.0.0' });

  test('the verdict heads the comment; each gain and loss is a row with who, what, how and where', () => {
    expect(md.split('\n')[0]).toBe('## keyproof change: anyone can gain access \\(incomplete\\)');
    expect(md).toContain('| **gains** | any principal of account 999988887777 whose own IAM policies allow it | Decrypt | grant |');
    expect(md).toContain('`plans/plan.json (at /resource_changes/1/change/after)`');
    expect(md).toContain('`tpl/t.yaml:31`');
    expect(md).toContain('possible: `aws_kms_key_policy.app.policy (from aws_vpc_endpoint.kms.id)`');
    expect(md).toContain('| loses (under some conditions) |');
    expect(md).toContain('`arn:aws:iam::111122223333:role/b`');
  });

  test('nothing the change wrote becomes markup: HTML only inside a code span, no link, no extra cell', () => {
    expect(md).toContain('`` arn:aws:iam::111122223333:role/<img src=x>\\|`evil` ``');
    expect(md).not.toContain('[click](');
    const row = md.split('\n').find((l) => l.includes('img'))!;
    // 9 cells: 10 unescaped bars.
    expect(row.replace(/\\\|/g, '').split('|').length).toBe(11);
  });
});

describe('change --format sarif', () => {
  const log = JSON.parse(renderChangeReport(RESULT, 'sarif', { version: '0.0.0' })) as Log;
  const results = log.runs[0]!.results!;

  test('valid SARIF 2.1.0; an incomplete answer is an unsuccessful execution naming what was undecided', () => {
    expectValid(log);
    expect(log.runs[0]!.invocations![0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error' }] });
  });

  test('one result per gain and loss: public and external errors, other new access a warning, losses notes', () => {
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['keyproof/change/external-access', 'error'], ['keyproof/change/public-access', 'error'],
      ['keyproof/change/new-access', 'warning'], ['keyproof/change/lost-access', 'note'],
    ]);
  });

  test('located in the change\'s files: a plan by JSON pointer, a template by line and column', () => {
    expect(results[0]!.locations![0]).toEqual({ physicalLocation: { artifactLocation: { uri: 'plans/plan.json' } }, logicalLocations: [{ fullyQualifiedName: '/resource_changes/1/change/after', kind: 'object' }] });
    expect(results[1]!.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'tpl/t.yaml' }, region: { startLine: 31, startColumn: 9 } });
    expect(results[1]!.message.text).toContain('possible: depends on aws_kms_key_policy.app.policy');
  });
});

/** The SARIF report of an audit: valid against the official SARIF 2.1.0 schema, one rule per finding kind, located results. */
import type { Log, Result, Run } from 'sarif';
import { describe, expect, test } from 'vitest';
import type { AuditResult, FindingKind } from '../../../src/questions/audit/result.js';
import { renderAuditSarif } from '../../../src/report/audit/sarif.js';
import { APP_KEY, AUDIT_RESULT, INCOMPLETE_AUDIT_RESULT, WORLD_FILE } from '../../fixtures/audit-sarif-result.js';
import { expectValid, schema, validate } from '../../fixtures/sarif-validator.js';

/** Every finding kind; `satisfies` makes the compiler reject this list when a kind is added and not listed here. */
const ALL_KINDS = Object.keys({
  public: true, external: true, 'no-administrator': true, 'self-escalation': true, 'dangling-grant': true, 'inactive-key-granted': true,
} satisfies Record<FindingKind, true>) as FindingKind[];

const render = (result: AuditResult, cwd?: string): Log => JSON.parse(renderAuditSarif(result, { version: '0.1.0' }, cwd)) as Log;
const runOf = (log: Log): Run => log.runs[0]!;
const resultsOf = (log: Log): Result[] => runOf(log).results!;

describe('the SARIF schema fixture', () => {
  test('is the official draft-07 schema of SARIF 2.1.0, which the draft-07 Ajv class reads', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect(Object.keys(schema.definitions as object)).toEqual(expect.arrayContaining(['result', 'run', 'reportingDescriptor', 'region']));
  });
});

describe('renderAuditSarif', () => {
  test('the audit validates against the SARIF 2.1.0 schema', () => {
    const text = renderAuditSarif(AUDIT_RESULT, { version: '0.1.0' });
    expect(text.endsWith('\n')).toBe(true);
    const log = JSON.parse(text) as Log;
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(runOf(log).tool.driver).toMatchObject({ name: 'keyproof', version: '0.1.0' });
  });

  test('a broken log does not validate (the validator can fail)', () => {
    const mutations: Array<[string, (log: any) => void]> = [
      ['no tool', (log) => { delete log.runs[0].tool; }],
      ['an unknown level', (log) => { log.runs[0].results[0].level = 'critical'; }],
      ['a line 0', (log) => { log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0; }],
      ['a uri with a space', (log) => { log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'infra/my world.yaml'; }],
      ['an unknown property', (log) => { log.runs[0].results[0].severity = 'high'; }],
      ['no executionSuccessful', (log) => { delete log.runs[0].invocations[0].executionSuccessful; }],
    ];
    for (const [name, mutate] of mutations) {
      const log = render(AUDIT_RESULT);
      mutate(log);
      expect(validate(log), name).toBe(false);
    }
  });

  test('every finding kind has a rule, with descriptions, help and a default level', () => {
    const rules = runOf(render(AUDIT_RESULT)).tool.driver.rules!;
    expect(rules.map((r) => r.id).sort()).toEqual(ALL_KINDS.map((kind) => `keyproof/${kind}`).sort());
    for (const rule of rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration?.level);
    }
    expect(rules.find((r) => r.id === 'keyproof/public')?.defaultConfiguration?.level).toBe('error');
  });

  test('each finding becomes one result, pointing at its rule by id and by index, with the finding severity', () => {
    const log = render(AUDIT_RESULT);
    const rules = runOf(log).tool.driver.rules!;
    const results = resultsOf(log);
    expect(results).toHaveLength(AUDIT_RESULT.findings.length);
    expect(new Set(AUDIT_RESULT.findings.map((f) => f.kind))).toEqual(new Set(ALL_KINDS));
    AUDIT_RESULT.findings.forEach((finding, i) => {
      const result = results[i]!;
      expect(result.ruleId).toBe(`keyproof/${finding.kind}`);
      expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
      expect(result.level).toBe(finding.severity);
      expect(result.message.text).toContain(finding.message);
      for (const operation of finding.operations) expect(result.message.text).toContain(operation);
    });
  });

  test('locations carry the file relative to the working directory, line, column and the JSON pointer', () => {
    const results = resultsOf(render(AUDIT_RESULT));
    AUDIT_RESULT.findings.forEach((finding, i) => {
      const [location] = results[i]!.locations!;
      expect(location!.physicalLocation).toEqual({
        artifactLocation: { uri: WORLD_FILE },
        region: { startLine: finding.location!.line, startColumn: finding.location!.column },
      });
      expect(location!.logicalLocations?.[0]?.fullyQualifiedName).toBe(finding.location!.pointer);
    });
  });

  test('absolute paths become relative to the working directory, with forward slashes and percent-encoding', () => {
    const cwd = '/home/ci/checkout';
    const withFile = (file: string): AuditResult => ({
      ...AUDIT_RESULT,
      findings: [{ ...AUDIT_RESULT.findings[0]!, location: { file, pointer: '/keys/1', line: 3, column: 7 } }],
    });
    const uriOf = (file: string) => resultsOf(render(withFile(file), cwd))[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri;
    expect(uriOf('/home/ci/checkout/infra/kms/world.yaml')).toBe('infra/kms/world.yaml');
    expect(uriOf('/home/ci/shared/world.yaml')).toBe('../shared/world.yaml');
    expect(uriOf('/home/ci/checkout/my worlds/a#b.yaml')).toBe('my%20worlds/a%23b.yaml');
    expectValid(render(withFile('/home/ci/checkout/my worlds/a#b.yaml'), cwd));
  });

  test('a finding without a location is shown at its key, and without a key location at the world file', () => {
    const [first] = AUDIT_RESULT.findings;
    const atKey = render({ ...AUDIT_RESULT, findings: [{ ...first!, location: undefined }] });
    expect(resultsOf(atKey)[0]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 80, startColumn: 5 });
    const bare: AuditResult = {
      ...AUDIT_RESULT,
      keys: AUDIT_RESULT.keys.map((k) => ({ ...k, location: undefined })),
      findings: [{ ...first!, location: undefined }],
    };
    const log = render(bare);
    expectValid(log);
    const [location] = resultsOf(log)[0]!.locations!;
    expect(location!.physicalLocation).toEqual({ artifactLocation: { uri: WORLD_FILE } });
    expect(location!.logicalLocations).toBeUndefined();
  });

  test('fingerprints depend on kind, key and principal only, so moved statements keep their alerts', () => {
    const fingerprintOf = (result: AuditResult, i = 0) => resultsOf(render(result))[i]!.partialFingerprints!['keyproofFinding/v1'];
    const finding = AUDIT_RESULT.findings[1]!;
    const base = fingerprintOf({ ...AUDIT_RESULT, findings: [finding] });
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const moved = { ...finding, message: 'reworded', location: { ...finding.location!, line: 999 } };
    expect(fingerprintOf({ ...AUDIT_RESULT, findings: [moved] })).toBe(base);
    expect(fingerprintOf({ ...AUDIT_RESULT, findings: [{ ...finding, principal: '999988887777' }] })).not.toBe(base);
    expect(fingerprintOf({ ...AUDIT_RESULT, findings: [{ ...finding, key: AUDIT_RESULT.keys[2]!.key }] })).not.toBe(base);
    const all = resultsOf(render(AUDIT_RESULT)).map((r) => r.partialFingerprints!['keyproofFinding/v1']);
    expect(new Set(all).size).toBe(all.length);
  });

  test('a complete audit is a successful execution without notifications', () => {
    const [invocation] = runOf(render(AUDIT_RESULT)).invocations!;
    expect(invocation).toEqual({ executionSuccessful: true });
  });

  test('an incomplete audit is an unsuccessful execution that lists what was not decided', () => {
    const log = render(INCOMPLETE_AUDIT_RESULT);
    expectValid(log);
    const [invocation] = runOf(log).invocations!;
    expect(invocation!.executionSuccessful).toBe(false);
    const notifications = invocation!.toolExecutionNotifications!;
    expect(notifications).toHaveLength(INCOMPLETE_AUDIT_RESULT.undecided.length);
    expect(notifications[0]!.message.text).toContain(`who can kms:Decrypt on ${APP_KEY}`);
    expect(notifications[0]!.level).toBe('error');
  });

  test('an audit without findings still lists every rule and an empty results array', () => {
    const log = render({ ...AUDIT_RESULT, findings: [] });
    expectValid(log);
    expect(resultsOf(log)).toEqual([]);
    expect(runOf(log).tool.driver.rules).toHaveLength(ALL_KINDS.length);
  });
});

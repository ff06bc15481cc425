/**
 * Renders an audit as a SARIF 2.1.0 log, for code scanning (e.g. GitHub's): one rule per finding kind, one result
 * per finding, located at the statement or grant that causes it. Results carry a fingerprint of what they are
 * about (kind, key, principal), not of where they are written, so moving a statement does not make a new alert.
 */
import { createHash } from 'node:crypto';
import type { Location, Log, Notification, ReportingDescriptor, Result, Suppression } from 'sarif';
import type { SourceLocation } from '../../errors.js';
import type { AuditResult, Finding, FindingFix, FindingKind, FindingTriage, ResolvedFinding, SuppressionRuleStatus } from '../../questions/audit/result.js';
import { sarifLocation } from '../sarif-location.js';
import { ruleProblem } from './triage-words.js';
import { RULES } from './finding-rules.js';

const FINDING_KINDS = Object.keys(RULES) as FindingKind[];

const ruleId = (kind: FindingKind) => `keyproof/${kind}`;

function rule(kind: FindingKind): ReportingDescriptor {
  const text = RULES[kind];
  return {
    id: ruleId(kind),
    name: text.name,
    shortDescription: { text: text.short },
    fullDescription: { text: text.full },
    help: { text: text.help },
    defaultConfiguration: { level: text.level },
    properties: { tags: ['security', 'aws-kms'] },
  };
}

/** Where a finding is shown: its own location, else the key's, else the world file. Code scanning needs one. */
function findingLocation(finding: Pick<Finding, 'key' | 'location'>, result: AuditResult): SourceLocation {
  return finding.location
    ?? result.keys.find((k) => k.key === finding.key)?.location
    ?? { file: result.world, pointer: '' };
}

/** A stable identity for a finding across runs: what it is about, not where it is written. */
function fingerprint(finding: Pick<Finding, 'kind' | 'key' | 'principal'>): string {
  return createHash('sha256').update(JSON.stringify([finding.kind, finding.key, finding.principal])).digest('hex');
}

function messageText(finding: Pick<Finding, 'message' | 'operations'>): string {
  return finding.operations.length === 0 ? finding.message : `${finding.message} (operations: ${finding.operations.join(', ')})`;
}

/**
 * An accepted suppression, kept outside the source (`external`). Its status is left out: the specification names
 * it `status` and the published schema `state`, and an absent one means accepted.
 */
function suppressionOf(rule: SuppressionRuleStatus, cwd: string): Suppression {
  return {
    kind: 'external', justification: rule.expires !== undefined ? `${rule.reason} (until ${rule.expires})` : rule.reason,
    location: sarifLocation(rule.location, cwd),
  };
}

function sarifResult(finding: Finding, result: AuditResult, cwd: string, triage?: FindingTriage, fix?: FindingFix | null): Result {
  const at = findingLocation(finding, result);
  const rule = triage?.suppressedBy !== undefined ? result.triage!.suppressions!.rules[triage.suppressedBy]! : undefined;
  return {
    ...(triage?.baselineState !== undefined ? { baselineState: triage.baselineState } : {}),
    ...(rule ? { suppressions: [suppressionOf(rule, cwd)] } : {}),
    ruleId: ruleId(finding.kind),
    ruleIndex: FINDING_KINDS.indexOf(finding.kind),
    level: finding.severity,
    message: { text: messageText(finding) },
    locations: [sarifLocation(at, cwd)],
    partialFingerprints: { 'keyproofFinding/v1': fingerprint(finding) },
    properties: {
      key: finding.key, principal: finding.principal, operations: finding.operations,
      ...(fix ? { fix } : {}),
    },
  };
}

/** A finding of the baseline that is gone: SARIF's `absent` state (sarif-v2.1.0 section 3.27.24). */
function resolvedResult(finding: ResolvedFinding, result: AuditResult, cwd: string): Result {
  return {
    ruleId: ruleId(finding.kind),
    ruleIndex: FINDING_KINDS.indexOf(finding.kind),
    level: finding.severity,
    baselineState: 'absent',
    message: { text: messageText(finding) },
    locations: [sarifLocation(findingLocation(finding, result), cwd)],
    partialFingerprints: { 'keyproofFinding/v1': fingerprint(finding) },
    properties: { key: finding.key, principal: finding.principal, operations: finding.operations },
  };
}

/** An expired suppression rule, or one that matches nothing: a problem of the configuration, not of the run. */
function ruleNotification(rule: SuppressionRuleStatus, cwd: string): Notification | undefined {
  const problem = ruleProblem(rule);
  return problem === undefined ? undefined : { level: 'warning', message: { text: `Suppression rule ${problem}` }, locations: [sarifLocation(rule.location, cwd)] };
}

function undecidedNotification(question: string): Notification {
  return { level: 'error', message: { text: `Could not be decided in time, so the audit is incomplete: ${question}` } };
}

/**
 * The SARIF log of an audit. Locations are relative to `cwd` (the directory code scanning resolves them against
 * is the checkout, where keyproof runs). An incomplete audit is reported as an unsuccessful execution, with one
 * notification per question it could not decide: a clean-looking log must not hide what was not checked.
 */
export function renderAuditSarif(result: AuditResult, tool: { version: string }, cwd: string = process.cwd()): string {
  const configurationNotifications = (result.triage?.suppressions?.rules ?? [])
    .map((rule) => ruleNotification(rule, cwd)).filter((n): n is Notification => n !== undefined);
  const log: Log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'keyproof',
          version: tool.version,
          rules: FINDING_KINDS.map(rule),
        },
      },
      invocations: [{
        executionSuccessful: result.complete,
        ...(!result.complete && { toolExecutionNotifications: result.undecided.map(undecidedNotification) }),
        ...(configurationNotifications.length > 0 && { toolConfigurationNotifications: configurationNotifications }),
      }],
      columnKind: 'utf16CodeUnits',
      results: [
        ...result.findings.map((f, i) => sarifResult(f, result, cwd, result.triage?.findings[i], result.fixes?.[i])),
        ...(result.triage?.baseline?.resolved ?? []).map((f) => resolvedResult(f, result, cwd)),
      ],
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

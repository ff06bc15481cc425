/**
 * Renders an audit as a SARIF 2.1.0 log, for code scanning (e.g. GitHub's): one rule per finding kind, one result
 * per finding, located at the statement or grant that causes it. Results carry a fingerprint of what they are
 * about (kind, key, principal), not of where they are written, so moving a statement does not make a new alert.
 */
import { createHash } from 'node:crypto';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { SourceLocation } from '../../errors.js';
import type { AuditResult, Finding, FindingKind } from '../../questions/audit/result.js';
import { sarifLocation } from '../sarif-location.js';
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
function findingLocation(finding: Finding, result: AuditResult): SourceLocation {
  return finding.location
    ?? result.keys.find((k) => k.key === finding.key)?.location
    ?? { file: result.world, pointer: '' };
}

/** A stable identity for a finding across runs: what it is about, not where it is written. */
function fingerprint(finding: Finding): string {
  return createHash('sha256').update(JSON.stringify([finding.kind, finding.key, finding.principal])).digest('hex');
}

function messageText(finding: Finding): string {
  return finding.operations.length === 0 ? finding.message : `${finding.message} (operations: ${finding.operations.join(', ')})`;
}

function sarifResult(finding: Finding, result: AuditResult, cwd: string): Result {
  const at = findingLocation(finding, result);
  return {
    ruleId: ruleId(finding.kind),
    ruleIndex: FINDING_KINDS.indexOf(finding.kind),
    level: finding.severity,
    message: { text: messageText(finding) },
    locations: [sarifLocation(at, cwd)],
    partialFingerprints: { 'keyproofFinding/v1': fingerprint(finding) },
    properties: { key: finding.key, principal: finding.principal, operations: finding.operations },
  };
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
      }],
      columnKind: 'utf16CodeUnits',
      results: result.findings.map((f) => sarifResult(f, result, cwd)),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

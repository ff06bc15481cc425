/**
 * `--format findings-json`: the audit's findings shaped like IAM Access Analyzer's findings (which Access Analyzer
 * does not produce for KMS keys' internal access): an id stable across runs, the resource, the principal with its
 * type and owner account, the actions, the conditions, the access type, the policies and grants that give the
 * access, the severity and what to do about it.
 */
import type { AuditResult } from '../../questions/audit/result.js';
import { formatLocation } from '../../errors.js';
import { triagedViews, type TriagedView } from './finding-view.js';

/** Version of this document's shape; a change that is not an addition bumps it. */
export const FINDINGS_JSON_VERSION = '1';

/** Access Analyzer's finding statuses: ACTIVE; ARCHIVED, accepted by a rule (a suppression); RESOLVED, gone. */
const STATUS = { active: 'ACTIVE', suppressed: 'ARCHIVED', resolved: 'RESOLVED' } as const;

function findingDocument(triaged: TriagedView, analyzedAt: string) {
  const { view, rule } = triaged;
  const { finding } = view;
  return {
    id: view.id,
    kind: finding.kind,
    title: view.rule.short,
    message: finding.message,
    resource: view.resource,
    resourceType: 'AWS::KMS::Key',
    resourceOwnerAccount: view.resourceAccount,
    principal: finding.principal === '' ? null : finding.principal,
    principalType: view.principalType,
    principalOwnerAccount: view.principalOwnerAccount ?? null,
    actions: finding.operations,
    actionGroups: view.actionGroups,
    conditions: view.conditions,
    accessType: view.accessType,
    path: view.path,
    sources: view.sources,
    location: view.location ?? null,
    severity: finding.severity,
    remediation: view.rule.help,
    /** With `--fix`: the statement or grant to change, the change as a JSON Patch of the world file, and whether it was checked. */
    fix: triaged.fix ?? null,
    status: STATUS[triaged.status],
    /** With a baseline: `new` or `unchanged` (resolved findings have status RESOLVED); null without one. */
    baselineState: triaged.baselineState ?? null,
    suppression: rule ? {
      reason: rule.reason, expires: rule.expires ?? null, rule: formatLocation(rule.location),
    } : null,
    analyzedAt,
  };
}

export type FindingsJsonFinding = ReturnType<typeof findingDocument>;

export function renderAuditFindingsJson(result: AuditResult, tool: { version: string; now: Date }): string {
  const analyzedAt = tool.now.toISOString();
  const views = triagedViews(result);
  const document = {
    format: 'keyproof-findings', formatVersion: FINDINGS_JSON_VERSION, tool: { name: 'keyproof', version: tool.version },
    world: result.world, analyzedAt, complete: result.complete, undecided: result.undecided,
    findings: views.filter((v) => v.status !== 'resolved').map((v) => findingDocument(v, analyzedAt)),
    ...(result.triage?.baseline ? { baseline: result.triage.baseline.file, resolved: views.filter((v) => v.status === 'resolved').map((v) => findingDocument(v, analyzedAt)) } : {}),
    ...(result.triage?.suppressions ? {
      suppressionRules: result.triage.suppressions.rules.map((r) => ({
        rule: formatLocation(r.location), reason: r.reason, expires: r.expires ?? null, status: r.status.toUpperCase(), matches: r.matches,
      })),
    } : {}),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

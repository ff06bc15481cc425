/**
 * `--format asff`: the audit's findings in the AWS Security Finding Format, as the body of a Security Hub
 * BatchImportFindings request (`{ "Findings": [...] }`; the API takes at most 100 findings per call, so split larger
 * files). Required attributes and limits: securityhub/latest/userguide/asff-required-attributes.html and
 * securityhub/latest/partnerguide/guidelines-asff-mapping.html (Title at most 256 characters, Description 1024).
 * The product is the account's own custom integration, `product/ACCOUNT/default`, in the key's account and Region.
 */
import type { AuditResult } from '../../questions/audit/result.js';
import { formatLocation } from '../../errors.js';
import { fixText, SEVERITY_LABEL, triagedViews, truncated, type FindingView, type TriagedView } from './finding-view.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Types are `namespace/category/classifier` (securityhub/latest/userguide/securityhub-findings-format-type-taxonomy.html). */
function typesOf(view: FindingView): string[] {
  const practice = 'Software and Configuration Checks/AWS Security Best Practices/KMS Key Access';
  return view.accessType === 'PUBLIC' || view.accessType === 'EXTERNAL' ? [practice, 'Effects/Data Exposure'] : [practice];
}

/** ProductFields: strings only, at most 50; keyproof's own names under `keyproof/`. */
function productFields(view: FindingView): Record<string, string> {
  const fields: Record<string, string> = {
    'keyproof/FindingId': view.id,
    'keyproof/Kind': view.finding.kind,
    'keyproof/AccessType': view.accessType,
    'keyproof/PrincipalType': view.principalType,
    'keyproof/Actions': truncated(view.finding.operations.join(', '), 2048),
  };
  if (view.finding.principal !== '') fields['keyproof/Principal'] = view.finding.principal;
  if (view.principalOwnerAccount) fields['keyproof/PrincipalOwnerAccount'] = view.principalOwnerAccount;
  if (view.conditions.length > 0) fields['keyproof/Conditions'] = truncated(view.conditions.join('; '), 2048);
  if (view.path.length > 0) fields['keyproof/RoleChain'] = truncated(view.path.join(' -> '), 2048);
  if (view.location) fields['keyproof/Location'] = truncated(view.location, 2048);
  return fields;
}

/**
 * Workflow.Status SUPPRESSED for a finding a rule accepts; a finding resolved since the baseline is archived
 * (RecordState ARCHIVED, Workflow RESOLVED), which is how a finding provider closes a finding
 * (securityhub/latest/userguide/asff-top-level-attributes.html, RecordState and Workflow).
 */
const STATE = {
  active: { RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } },
  suppressed: { RecordState: 'ACTIVE', Workflow: { Status: 'SUPPRESSED' } },
  resolved: { RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' } },
} as const;

function asffFinding(triaged: TriagedView, tool: { version: string }, time: string) {
  const { view, rule } = triaged;
  const account = view.resourceAccount;
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: `keyproof/${view.finding.kind}/${view.id}`,
    ProductArn: `arn:${view.partition}:securityhub:${view.region}:${account}:product/${account}/default`,
    ProductName: 'keyproof',
    CompanyName: 'keyproof',
    GeneratorId: `keyproof/${view.finding.kind}`,
    AwsAccountId: account,
    Types: typesOf(view),
    CreatedAt: time,
    UpdatedAt: time,
    Severity: { Label: SEVERITY_LABEL[view.finding.severity], Original: view.finding.severity },
    Title: truncated(`${view.rule.short} ${view.resource}`, 256),
    Description: truncated(view.finding.message, 1024),
    Remediation: { Recommendation: { Text: truncated(triaged.fix ? fixText(triaged.fix) : view.rule.help, 512) } },
    ProductFields: {
      ...productFields(view), 'keyproof/Version': tool.version,
      ...(triaged.baselineState !== undefined ? { 'keyproof/BaselineState': triaged.baselineState } : {}),
      ...(rule ? { 'keyproof/SuppressionReason': truncated(rule.reason, 2048), 'keyproof/SuppressionRule': truncated(formatLocation(rule.location), 2048) } : {}),
    },
    Resources: [{ Type: 'AwsKmsKey', Id: view.resource, Partition: view.partition, Region: view.region }],
    ...STATE[triaged.status],
  };
}

export function renderAuditAsff(result: AuditResult, tool: { version: string; now: Date }): string {
  const time = tool.now.toISOString();
  return JSON.stringify({ Findings: triagedViews(result).map((v) => asffFinding(v, tool, time)) }, null, 2) + '\n';
}

/**
 * `--format ocsf`: the audit's findings as OCSF Detection Finding events (class_uid 2004, category 2 Findings),
 * schema 1.2.0, a JSON array of events. Required attributes (github.com/ocsf/ocsf-schema, tag v1.2.0):
 * events/base_event.json and dictionary.json (activity_id, category_uid, class_uid, metadata, severity_id, time,
 * type_uid = class_uid * 100 + activity_id), events/findings/finding.json (finding_info), objects/finding_info.json
 * (uid, title), objects/metadata.json (product, version), objects/product.json (vendor_name),
 * objects/remediation.json (desc). Times are milliseconds since the epoch (dictionary.json, timestamp_t).
 */
import type { AuditResult } from '../../questions/audit/result.js';
import { formatLocation } from '../../errors.js';
import { fixText, SEVERITY_LABEL, triagedViews, type TriagedView, type SeverityLabel } from './finding-view.js';

export const OCSF_VERSION = '1.2.0';
const DETECTION_FINDING = { class_uid: 2004, class_name: 'Detection Finding', category_uid: 2, category_name: 'Findings' };
/** activity_id 1: Create (events/findings/finding.json): each audit reports its findings afresh. */
const CREATE = { activity_id: 1, activity_name: 'Create' };
/** severity_id (dictionary.json): 2 Low, 3 Medium, 4 High. */
const SEVERITY_ID: Record<SeverityLabel, { severity_id: number; severity: string }> = {
  LOW: { severity_id: 2, severity: 'Low' }, MEDIUM: { severity_id: 3, severity: 'Medium' }, HIGH: { severity_id: 4, severity: 'High' },
};

/** activity_id 3: Close, for a finding resolved since the baseline. */
const CLOSE = { activity_id: 3, activity_name: 'Close' };
/** status_id (events/findings/finding.json): 1 New, 3 Suppressed, 4 Resolved. */
const STATUS = {
  active: { status_id: 1, status: 'New' }, suppressed: { status_id: 3, status: 'Suppressed' }, resolved: { status_id: 4, status: 'Resolved' },
} as const;

function ocsfEvent(triaged: TriagedView, tool: { version: string }, time: number) {
  const { view, rule } = triaged;
  const { finding } = view;
  const activity = triaged.status === 'resolved' ? CLOSE : CREATE;
  return {
    ...activity,
    ...DETECTION_FINDING,
    type_uid: DETECTION_FINDING.class_uid * 100 + activity.activity_id,
    type_name: `${DETECTION_FINDING.class_name}: ${activity.activity_name}`,
    ...SEVERITY_ID[SEVERITY_LABEL[finding.severity]],
    time,
    ...STATUS[triaged.status],
    message: finding.message,
    metadata: { version: OCSF_VERSION, product: { name: 'keyproof', vendor_name: 'keyproof', version: tool.version } },
    finding_info: {
      uid: view.id,
      title: view.rule.short,
      desc: finding.message,
      types: [`keyproof/${finding.kind}`],
      created_time: time,
    },
    resources: [{ uid: view.resource, type: 'AWS::KMS::Key', region: view.region, cloud_partition: view.partition, owner: { account: { uid: view.resourceAccount, type: 'AWS Account', type_id: 10 } } }],
    remediation: { desc: triaged.fix ? fixText(triaged.fix) : view.rule.help },
    // keyproof's own attributes, which OCSF has no place for, as its schema says to keep them.
    unmapped: {
      principal: finding.principal === '' ? null : finding.principal,
      principal_type: view.principalType,
      principal_owner_account: view.principalOwnerAccount ?? null,
      access_type: view.accessType,
      actions: finding.operations,
      conditions: view.conditions,
      path: view.path,
      sources: view.sources,
      location: view.location ?? null,
      baseline_state: triaged.baselineState ?? null,
      fix: triaged.fix ?? null,
      suppression: rule ? { reason: rule.reason, expires: rule.expires ?? null, rule: formatLocation(rule.location) } : null,
    },
  };
}

export function renderAuditOcsf(result: AuditResult, tool: { version: string; now: Date }): string {
  const time = tool.now.getTime();
  return JSON.stringify(triagedViews(result).map((v) => ocsfEvent(v, tool, time)), null, 2) + '\n';
}

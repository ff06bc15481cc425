/**
 * Renders an audit as text for a terminal. The words it uses for origins, operations, role chains and locations are
 * exported: the Markdown report says the same things in the same words.
 */
import { formatLocation } from '../../errors.js';
import { createColors } from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import type { AccessOrigin, AuditAccess, AuditAccount, AuditResult, Finding, FindingFix, FindingSeverity, FindingTriage } from '../../questions/audit/result.js';
import { splitSuppressed } from '../../questions/audit/triage.js';
import { baselineSummary, ruleProblem, rulesSummary, suppressionText } from './triage-words.js';
import { incompleteLines } from '../text/incomplete.js';

/** `kms:Decrypt, kms:Encrypt` as `Decrypt, Encrypt`: every operation of an audit is a KMS one. */
export const operationList = (operations: readonly string[]) => operations.map((op) => op.replace(/^kms:/, '')).join(', ');

/** Where a principal with access comes from, in a few words. */
export const ORIGIN_LABEL: Record<AccessOrigin, string> = {
  world: 'world',
  'external-account': 'external account',
  organization: 'organization',
  service: 'AWS service',
  anyone: 'anyone',
};

/** Who has the access: an ARN of the world as is; a class of principals outside the world said in words. */
export function principalText(access: Pick<AuditAccess, 'principal' | 'origin'>): string {
  switch (access.origin) {
    case 'world': return access.principal;
    case 'external-account': return `any principal of account ${access.principal} whose own IAM policies allow it`;
    case 'organization': return `any principal of organization ${access.principal} in an account the world does not describe`;
    case 'service': return `the AWS service ${access.principal}`;
    case 'anyone': return 'anyone (any principal of any AWS account)';
  }
}

/** The roles assumed, in order, after the caller: `role/A -> role/B`; empty without role assumption. */
export const rolesAssumed = (path: readonly string[]) => path.slice(1);

const SEVERITY_ORDER: readonly FindingSeverity[] = ['error', 'warning', 'note'];

/** Orders by severity, most severe first (Array.sort is stable: the audit's order is kept within a severity). */
export const compareSeverity = (a: Pick<Finding, 'severity'>, b: Pick<Finding, 'severity'>) =>
  SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);

/** Findings, most severe first; the audit's order is kept within a severity. */
export const bySeverity = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));

/** `6 findings: 1 error, 3 warnings, 2 notes`. */
export function findingsSummary(findings: readonly Finding[]): string {
  const counts = SEVERITY_ORDER
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : 's'}`);
  const total = `${findings.length} finding${findings.length === 1 ? '' : 's'}`;
  return counts.length === 0 ? total : `${total}: ${counts.join(', ')}`;
}

function accessLines(access: AuditAccess): string[] {
  const roles = rolesAssumed(access.path);
  const via = roles.length > 0 ? ` via ${roles.join(' -> ')}` : '';
  const lines = [`    ${principalText(access)}${via}: ${operationList(access.operations)}  [${access.via.join(', ')}]`];
  for (const condition of access.conditions) lines.push(`        if ${condition}`);
  return lines;
}

/** An account of the world: who can perform each operation that uses no KMS key there (CreateKey, ListKeys...). */
function accountLines(account: AuditAccount, pc: Colors): string[] {
  const lines = [pc.bold(`account ${account.account}`), '  operations that use no KMS key (resource "*"):'];
  for (const op of account.operations) {
    lines.push(`  ${operationList([op.action])}:`);
    if (op.principals.length === 0) lines.push('    nobody');
    for (const who of op.principals) {
      const roles = rolesAssumed(who.path);
      const via = who.via.length > 0 ? `  [${who.via.join(', ')}]` : '';
      lines.push(`    ${who.principal}${roles.length > 0 ? ` via ${roles.join(' -> ')}` : ''}${via}`);
      for (const condition of who.conditions) lines.push(`        if ${condition}`);
    }
  }
  return lines;
}

function fixLines(fix: FindingFix): string[] {
  const lines = [`          fix (${fix.check}): ${fix.change}`, `            in ${fix.target}`];
  if (fix.patch) lines.push(`            patch ${fix.file}: ${JSON.stringify(fix.patch)}`);
  lines.push(`            ${fix.checkNote}; see ${fix.cites.join(', ')}`);
  return lines;
}

function findingLines(finding: Pick<Finding, 'kind' | 'severity' | 'key' | 'principal' | 'operations' | 'message' | 'location'>, pc: Colors, state?: string, fix?: FindingFix | null): string[] {
  const operations = finding.operations.length > 0 ? `: ${operationList(finding.operations)}` : '';
  const tag = state !== undefined ? `${pc.bold(`(${state})`)} ` : '';
  const lines = [`  ${SEVERITY_COLOUR[finding.severity](pc)(finding.severity.padEnd(8))}[${finding.kind}] ${tag}${finding.message}${operations}`];
  lines.push(`          key ${finding.key}${finding.principal ? `, principal ${finding.principal}` : ''}`);
  if (finding.location) lines.push(`          at ${formatLocation(finding.location)}`);
  if (fix) lines.push(...fixLines(fix));
  return lines;
}

const SEVERITY_COLOUR: Record<FindingSeverity, (pc: Colors) => (text: string) => string> = {
  error: (pc) => pc.red, warning: (pc) => pc.yellow, note: (pc) => pc.dim,
};

/** The findings, then (with a baseline or suppression rules) the suppressed and resolved ones and the rules' problems. */
function findingSection(result: AuditResult, pc: Colors): string[] {
  const { active, suppressed } = splitSuppressed(result);
  const fixOf = (finding: Finding) => result.fixes?.[result.findings.indexOf(finding)];
  const lines: string[] = [];
  const comparison = baselineSummary(result.triage);
  if (comparison) lines.push(comparison);
  const ordered = <T extends [Finding, FindingTriage | undefined]>(items: T[]) =>
    [...items].sort(([a], [b]) => compareSeverity(a, b));
  lines.push(findingsSummary(active.map(([f]) => f)) + (suppressed.length > 0 ? ` (and ${suppressed.length} suppressed, listed below)` : ''));
  for (const [finding, t] of ordered(active)) lines.push(...findingLines(finding, pc, t?.baselineState, fixOf(finding)));
  if (suppressed.length > 0) {
    lines.push('', `suppressed: ${suppressed.length} finding${suppressed.length === 1 ? '' : 's'}, still present, accepted by a suppression rule`);
    for (const [finding, t] of ordered(suppressed)) {
      lines.push(...findingLines(finding, pc, t!.baselineState, fixOf(finding)));
      lines.push(`          ${suppressionText(result.triage!.suppressions!.rules[t!.suppressedBy!]!)}`);
    }
  }
  const resolved = result.triage?.baseline?.resolved ?? [];
  if (resolved.length > 0) {
    lines.push('', `resolved since the baseline: ${resolved.length} finding${resolved.length === 1 ? '' : 's'}`);
    for (const finding of resolved) lines.push(...findingLines(finding, pc, 'resolved'));
  }
  const rules = rulesSummary(result.triage);
  if (rules) {
    lines.push('', rules);
    for (const rule of result.triage!.suppressions!.rules) {
      const problem = ruleProblem(rule);
      if (problem) lines.push(`  ${pc.yellow(problem)}`);
    }
  }
  return lines;
}

/**
 * `title`: what the report is (`keyproof reach` for reach); "keyproof audit" by default. `colors`: severities in
 * colour (the CLI asks for it on a terminal only, and never with NO_COLOR).
 */
export function renderAuditText(result: AuditResult, options: { title?: string; colors?: boolean } = {}): string {
  const pc = createColors(options.colors ?? false);
  const lines: string[] = [pc.bold(`${options.title ?? 'keyproof audit'} of ${result.world}`), ''];
  if (!result.complete) {
    lines.push(...incompleteLines('these questions could not be decided in time, so access may be missing below', result.undecided));
    lines.push('');
  }
  for (const key of result.keys) {
    const aliases = key.aliases.length > 0 ? `, aliases ${key.aliases.join(', ')}` : '';
    lines.push(pc.bold(`key ${key.key}`), `  account ${key.account}, state ${key.state}${aliases}`);
    for (const group of key.groups) {
      lines.push(`  ${group.title}:`);
      if (group.access.length === 0) lines.push('    nobody');
      for (const access of group.access) lines.push(...accessLines(access));
    }
    lines.push('');
  }
  for (const account of result.accounts ?? []) lines.push(...accountLines(account, pc), '');
  lines.push(...findingSection(result, pc));
  return lines.join('\n') + '\n';
}

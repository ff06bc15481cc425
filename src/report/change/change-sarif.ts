/**
 * `keyproof change` as a SARIF 2.1.0 log, for code scanning on the pull request: one result per access gained or
 * lost, located where the change writes it (a plan's JSON pointer, a template's line:column). Rules by what the
 * gate can fail on: public and external access are errors, other new access a warning, lost access a note.
 * Fingerprints name the key, the principal and the kind of change, not where they are written.
 */
import { createHash } from 'node:crypto';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { SourceLocation } from '../../errors.js';
import type { AccessChange, ChangeResult, KeyChange } from '../../questions/change/change-result.js';
import { sarifLocation } from '../sarif-location.js';
import { accessSentence, dependsText, keyText, pathText } from './change-words.js';

type RuleName = 'public-access' | 'external-access' | 'new-access' | 'lost-access';

const RULES: Record<RuleName, { level: 'error' | 'warning' | 'note'; short: string; help: string }> = {
  'public-access': { level: 'error', short: 'The change lets anyone use a KMS key', help: 'Name the principals in the key policy or grant, or add a condition (aws:PrincipalOrgID, aws:SourceVpce) that only your callers meet.' },
  'external-access': { level: 'error', short: 'The change lets a principal outside the estate use a KMS key', help: 'Check that the account or principal is meant to have this access; narrow it with conditions or remove it.' },
  'new-access': { level: 'warning', short: 'The change gives a principal new access to a KMS key', help: 'Review that the new access is intended.' },
  'lost-access': { level: 'note', short: 'The change takes access to a KMS key away', help: 'Check that nothing still needs the access removed.' },
};
const RULE_NAMES = Object.keys(RULES) as RuleName[];

function ruleOf(entry: AccessChange, gained: boolean): RuleName {
  if (!gained) return 'lost-access';
  return entry.origin === 'anyone' ? 'public-access' : entry.outside ? 'external-access' : 'new-access';
}

function rule(name: RuleName): ReportingDescriptor {
  return {
    id: `keyproof/change/${name}`, name, shortDescription: { text: RULES[name].short }, help: { text: RULES[name].help },
    defaultConfiguration: { level: RULES[name].level }, properties: { tags: ['security', 'aws-kms'] },
  };
}

function sarifResult(result: ChangeResult, key: KeyChange, entry: AccessChange, gained: boolean, cwd: string): Result {
  const name = ruleOf(entry, gained);
  const at: SourceLocation = entry.locations[0] ?? key.location ?? { file: result.file, pointer: '' };
  const text = [`${keyText(key)}: ${accessSentence(entry)}`, pathText(entry), dependsText(entry)].filter(Boolean).join('; ');
  return {
    ruleId: `keyproof/change/${name}`,
    ruleIndex: RULE_NAMES.indexOf(name),
    level: RULES[name].level,
    message: { text },
    locations: [sarifLocation(at, cwd)],
    partialFingerprints: { 'keyproofChange/v1': createHash('sha256').update(JSON.stringify([name, key.createdBy ?? key.key, entry.principal, entry.kind])).digest('hex') },
    properties: { key: key.key, principal: entry.principal, operations: entry.operations, dependsOn: entry.dependsOn },
  };
}

const undecided = (text: string): Notification => ({ level: 'error', message: { text: `Not decided, so the change's answer is incomplete: ${text}` } });

/** An incomplete answer is an unsuccessful execution, with what was not decided: a clean log must not hide it. */
export function renderChangeSarif(result: ChangeResult, tool: { version: string }, cwd: string = process.cwd()): string {
  const log: Log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'keyproof', version: tool.version, rules: RULE_NAMES.map(rule) } },
      invocations: [{
        executionSuccessful: result.complete,
        ...(!result.complete && { toolExecutionNotifications: result.undecided.map(undecided) }),
      }],
      columnKind: 'utf16CodeUnits',
      results: result.keys.flatMap((key) => [
        ...key.gained.map((e) => sarifResult(result, key, e, true, cwd)),
        ...key.lost.map((e) => sarifResult(result, key, e, false, cwd)),
      ]),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

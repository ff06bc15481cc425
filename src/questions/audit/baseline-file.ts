/**
 * A baseline (`--baseline previous.json`): the findings of an earlier audit, from its `--format findings-json` or
 * `--format json` output. Findings are matched by id (src/questions/audit/finding-id.ts), which an earlier JSON
 * audit does not write, so it is computed here from that audit's own access table, as the audit that wrote it would.
 */
import { InputError } from '../../errors.js';
import { readArray, readNonEmptyString, readObject, readString, isPlainObject, type PlainObject } from '../../input/read-value.js';
import { SourceText } from '../../input/source-text.js';
import { Where } from '../../input/where.js';
import { findingId } from './finding-id.js';
import { FINDING_KINDS, type AuditKey, type Finding, type FindingKind, type FindingSeverity, type ResolvedFinding } from './result.js';

export interface Baseline {
  file: string;
  findings: ResolvedFinding[];
}

const SEVERITIES: readonly FindingSeverity[] = ['error', 'warning', 'note'];
const EXPECTED = 'the output of `keyproof audit --format findings-json` or `--format json`';

function readKind(value: unknown, where: Where): FindingKind {
  const kind = readString(value, where, 'a finding kind');
  if (!(FINDING_KINDS as readonly string[]).includes(kind)) throw where.error(`unknown finding kind "${kind}" (expected one of ${FINDING_KINDS.join(', ')})`);
  return kind as FindingKind;
}

function readSeverity(value: unknown, where: Where): FindingSeverity {
  const severity = readString(value, where, 'a severity');
  if (!(SEVERITIES as readonly string[]).includes(severity)) throw where.error(`unknown severity "${severity}" (expected one of ${SEVERITIES.join(', ')})`);
  return severity as FindingSeverity;
}

const strings = (value: unknown, where: Where, what: string) =>
  readArray(value, where, what).map((item, i) => readString(item, where.at(i), what));

/** A finding of a findings-json document (its id is written there). */
function readPipelineFinding(value: unknown, where: Where): ResolvedFinding {
  const f = readObject(value, where, 'a finding');
  return {
    id: readNonEmptyString(f.id, where.at('id'), 'the finding id'),
    kind: readKind(f.kind, where.at('kind')),
    severity: readSeverity(f.severity, where.at('severity')),
    key: readString(f.resource, where.at('resource'), 'the key ARN'),
    principal: f.principal === null ? '' : readString(f.principal, where.at('principal'), 'the principal'),
    operations: strings(f.actions, where.at('actions'), 'the actions'),
    message: readString(f.message, where.at('message'), 'the message'),
  };
}

function readAuditFinding(value: unknown, where: Where): Finding {
  const f = readObject(value, where, 'a finding');
  return {
    kind: readKind(f.kind, where.at('kind')),
    severity: readSeverity(f.severity, where.at('severity')),
    key: readString(f.key, where.at('key'), 'the key ARN'),
    principal: readString(f.principal, where.at('principal'), 'the principal'),
    operations: strings(f.operations, where.at('operations'), 'the operations'),
    message: readString(f.message, where.at('message'), 'the message'),
  };
}

/** The part of an audit's key table that finding ids depend on: each access's principal, operations and role chain. */
function readKeyTable(value: unknown, where: Where): Pick<AuditKey, 'key' | 'groups'> {
  const k = readObject(value, where, 'a key of the audit');
  return {
    key: readString(k.key, where.at('key'), 'the key ARN'),
    groups: readArray(k.groups, where.at('groups'), 'the operation groups').map((g, i) => {
      const group = readObject(g, where.at('groups', i), 'an operation group');
      const at = where.at('groups', i, 'access');
      return {
        ...(group as PlainObject), access: readArray(group.access, at, 'the access list').map((a, j) => {
          const access = readObject(a, at.at(j), 'an access entry');
          return {
            ...(access as PlainObject),
            principal: readString(access.principal, at.at(j, 'principal'), 'the principal'),
            operations: strings(access.operations, at.at(j, 'operations'), 'the operations'),
            path: strings(access.path, at.at(j, 'path'), 'the role chain'),
          };
        }),
      };
    }),
  } as Pick<AuditKey, 'key' | 'groups'>;
}

export function parseBaseline(text: SourceText): Baseline {
  const root = Where.ofFile(text);
  const document = text.value;
  if (!isPlainObject(document) || !Array.isArray(document.findings)) throw root.error(`expected ${EXPECTED} (an object with "findings")`);
  if (document.format === 'keyproof-findings') {
    return { file: text.file, findings: document.findings.map((f, i) => readPipelineFinding(f, root.at('findings', i))) };
  }
  if (!Array.isArray(document.keys)) throw root.error(`expected ${EXPECTED}: this object has "findings" but neither "format": "keyproof-findings" nor "keys"`);
  const keys = document.keys.map((k, i) => readKeyTable(k, root.at('keys', i)));
  const findings = document.findings.map((f, i) => readAuditFinding(f, root.at('findings', i)));
  return {
    file: text.file,
    findings: findings.map((f) => ({ id: findingId({ keys: keys as AuditKey[] }, f), ...f })),
  };
}

export function readBaseline(file: string): Baseline {
  return parseBaseline(SourceText.read(file, (problem) => new InputError(undefined, `--baseline: ${problem}`)));
}

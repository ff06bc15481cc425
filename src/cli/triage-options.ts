/**
 * `--baseline FILE` and `--suppress FILE` of `audit` and `merge`: read both (a bad file is exit 2 at its
 * file:line:column), find `keyproof.suppress.yaml` next to the world when no `--suppress` is given, and say on
 * stderr which rules have expired.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { formatLocation } from '../errors.js';
import { readBaseline, readSuppressionFile, SUPPRESSION_FILE_NAME, triageAudit, type AuditTriage } from '../api/triage.js';
import type { AuditResult } from '../api/audit.js';
import type { Output } from './output.js';

export interface TriageOptions {
  baseline?: string;
  suppress?: string;
}

export function addTriageOptions(command: Command): Command {
  return command
    .option('--baseline <file>', 'an earlier audit (--format findings-json or json): report findings as new, unchanged or resolved; --fail-on counts new ones only')
    .option('--suppress <file>', `suppression rules (YAML or JSON; default: ${SUPPRESSION_FILE_NAME} next to the world, if present): accepted findings are listed separately and not counted by --fail-on`);
}

/** keyproof.suppress.yaml in the world's directory (or in the world directory itself), if there is one. */
export function suppressionFileNear(world: string): string | undefined {
  let directory: string;
  try {
    directory = statSync(world).isDirectory() ? world : dirname(world);
  } catch {
    return undefined;
  }
  const file = join(directory, SUPPRESSION_FILE_NAME);
  return existsSync(file) ? file : undefined;
}

/** The files, read before the audit runs (a bad file must not cost a whole audit). */
export function readTriageFiles(opts: TriageOptions, world: string | undefined, output: Output) {
  const suppressFile = opts.suppress ?? (world !== undefined ? suppressionFileNear(world) : undefined);
  if (opts.suppress === undefined && suppressFile !== undefined) output.stderr(`keyproof: suppression rules from ${suppressFile}\n`);
  // The baseline may be the --out file itself (the new findings replace it, written whole at the end).
  if (suppressFile !== undefined) output.noteInput(suppressFile);
  return {
    ...(opts.baseline !== undefined ? { baseline: readBaseline(opts.baseline) } : {}),
    ...(suppressFile !== undefined ? { suppressions: readSuppressionFile(suppressFile) } : {}),
  };
}

export function applyTriage(result: AuditResult, files: ReturnType<typeof readTriageFiles>, output: Output, now: Date = new Date()): AuditResult {
  if (!files.baseline && !files.suppressions) return result;
  const triaged = triageAudit(result, { ...files, now });
  reportExpired(triaged.triage!, output);
  return triaged;
}

function reportExpired(triage: AuditTriage, output: Output): void {
  for (const rule of triage.suppressions?.rules ?? []) {
    if (rule.status !== 'expired') continue;
    output.stderr(`keyproof: warning: ${formatLocation(rule.location)}: suppression rule expired on ${rule.expires} and no longer applies`
      + ` (${rule.matches} finding${rule.matches === 1 ? '' : 's'} it matched ${rule.matches === 1 ? 'is' : 'are'} reported again)\n`);
  }
}

/**
 * `keyproof merge PART.json... [--format ...] [--out FILE]`: the audit report from the partial results that
 * `keyproof audit --shard I/N` wrote, one per shard. The same report, byte for byte, as an unsharded audit; parts
 * of different worlds, a shard given twice or a missing shard are refused (exit 2).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { mergeAuditShards } from '../api/audit.js';
import { InputError } from '../errors.js';
import { renderAuditReport, type AuditFormat } from '../report/audit/render.js';
import { reportFormatOption } from './audit-command.js';
import type { Output } from './output.js';
import { addTriageOptions, applyTriage, readTriageFiles, type TriageOptions } from './triage-options.js';

function readPart(file: string): { source: string; value: unknown } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(undefined, `merge: ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return { source: file, value: JSON.parse(text) };
  } catch (error) {
    throw new InputError(undefined, `merge: ${file}: not JSON (${(error as Error).message}); expected the output of \`keyproof audit --shard I/N\``);
  }
}

export function registerMergeCommand(program: Command, output: Output): void {
  addTriageOptions(program
    .command('merge')
    .description('The audit report from the partial results of `keyproof audit --shard I/N`, one per shard.')
    .argument('<parts...>', 'partial results (JSON), one per shard, in any order')
    .addOption(reportFormatOption())
    .option('--out <file>', 'write the report to FILE instead of stdout'))
    .action((files: string[], opts: { format: AuditFormat; out?: string } & TriageOptions) => {
      for (const file of files) output.noteInput(file);
      // A bad --out is refused before the work, not after it.
      if (opts.out !== undefined) output.checkOut(opts.out);
      const merged = mergeAuditShards(files.map(readPart));
      // The parts name the world as the audits were given it: its keyproof.suppress.yaml applies here too.
      const result = applyTriage(merged, readTriageFiles(opts, merged.world, output), output);
      output.result(renderAuditReport(result, opts.format, { version: output.version, colors: output.colors && opts.out === undefined }), opts.out);
      if (!result.complete) output.stderr(`warning: the audit is incomplete; undecided: ${result.undecided.join('; ')}\n`);
    });
}

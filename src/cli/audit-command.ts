/** `keyproof audit`: who can use each key, per operation group, with findings (the bundled example world by default). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { audit } from '../api/audit.js';
import { InternalError } from '../errors.js';
import { FAIL_ON_KINDS } from '../questions/audit/result.js';
import { AUDIT_FORMATS, renderAuditReport, type AuditFormat } from '../report/audit/render.js';
import { openWorld } from './open-world.js';
import { allowIncompleteOption, choice, supplementOption, timeoutOption } from './options.js';
import type { Output } from './output.js';
import { createProgress, progressEnabled } from './progress.js';

interface AuditOptions {
  world?: string;
  supplement?: string;
  allowFileRoot?: string[];
  format: AuditFormat;
  out?: string;
  failOn?: keyof typeof FAIL_ON_KINDS;
  allowIncomplete?: boolean;
  timeout?: number;
}

/** examples/world.yaml of the installed package, found from src/cli (source) or dist/src/cli (built). */
export function bundledExampleWorld(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const candidate = resolve(join(here, up, 'examples', 'world.yaml'));
    if (existsSync(candidate)) return candidate;
  }
  throw new InternalError('the bundled example world examples/world.yaml is missing from the installation');
}

export const reportFormatOption = () => new Option('--format <format>', AUDIT_FORMATS.join(', ')).choices(AUDIT_FORMATS).default('text');

export function registerAuditCommand(program: Command, output: Output): void {
  program
    .command('audit')
    .description('Who can use each key, per operation group, including principals outside the world; with findings.')
    .option('--world <path>', 'world file (JSON or YAML), world directory, or iam-collect store; default: the bundled example world')
    .addOption(supplementOption())
    .addOption(reportFormatOption())
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--fail-on <kind>', 'exit 1 when a finding of this kind exists: public, or external (which includes public)', choice(['public', 'external'] as const))
    .addOption(allowIncompleteOption())
    .addOption(timeoutOption())
    .action(async (opts: AuditOptions) => {
      const world = openWorld(opts.world ?? bundledExampleWorld(), output, { supplement: opts.supplement, fileRoots: opts.allowFileRoot });
      // A bad --out is refused before the work, not after it.
      if (opts.out !== undefined) output.checkOut(opts.out);
      const progress = createProgress('auditing keys', { enabled: progressEnabled(opts.format) });
      progress.start(world.keys.size);
      let result;
      try {
        result = await audit(world, { onProgress: (done) => progress.update(done), ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}) });
      } finally {
        progress.stop();
      }
      output.result(renderAuditReport(result, opts.format, { version: output.version }), opts.out);
      if (!result.complete) output.stderr(`warning: the audit is incomplete; undecided: ${result.undecided.join('; ')}\n`);
      if (!opts.failOn) return;
      if (result.findings.some((f) => FAIL_ON_KINDS[opts.failOn!].includes(f.kind))) output.exitCode = 1;
      // A gate that could not decide must not pass (../shared/spec/interface.md section 6).
      else if (!result.complete && !opts.allowIncomplete) {
        output.stderr(`keyproof: --fail-on ${opts.failOn}: ${result.undecided.length} question(s) left undecided, so the audit cannot show that there is no ${opts.failOn} finding; failing (--allow-incomplete passes instead)\n`);
        output.exitCode = 1;
      }
    });
}

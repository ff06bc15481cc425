/** `keyproof audit`: who can use each key, per operation group, with findings (the bundled example world by default). */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { auditShard, auditWithStats, parseShard, type AuditResult, type Shard } from '../api/audit.js';
import { InputError, InternalError } from '../errors.js';
import { FAIL_ON_KINDS } from '../questions/audit/result.js';
import { gatingFindings } from '../api/triage.js';
import { fixAudit } from '../api/fix-check.js';
import { addTriageOptions, applyTriage, readTriageFiles, type TriageOptions } from './triage-options.js';
import { AUDIT_FORMATS, renderAuditReport, type AuditFormat } from '../report/audit/render.js';
import { packageFile } from '../package-files.js';
import { openWorld } from './open-world.js';
import { allowIncompleteOption, choice, positiveInteger, supplementOption, timeoutOption } from './options.js';
import type { Output } from './output.js';
import { createProgress, progressEnabled } from './progress.js';

interface AuditOptions extends TriageOptions {
  fix?: boolean;
  world?: string;
  supplement?: string;
  allowFileRoot?: string[];
  format: AuditFormat;
  out?: string;
  failOn?: keyof typeof FAIL_ON_KINDS;
  allowIncomplete?: boolean;
  timeout?: number;
  jobs: number;
  shard?: Shard;
  cache?: string;
}

function shardOption(value: string): Shard {
  const shard = parseShard(value);
  if ('error' in shard) throw new InvalidArgumentError(shard.error);
  return shard;
}

/** examples/world.yaml of the installed package, found from src/cli (source) or dist/src/cli (built). */
export function bundledExampleWorld(): string {
  const file = packageFile('examples/world.yaml');
  if (file === undefined) throw new InternalError('the bundled example world examples/world.yaml is missing from the installation');
  return file;
}

export const reportFormatOption = () => new Option('--format <format>', AUDIT_FORMATS.join(', ')).choices(AUDIT_FORMATS).default('text');

export function registerAuditCommand(program: Command, output: Output): void {
  addTriageOptions(program
    .command('audit')
    .description('Who can use each key, per operation group, including principals outside the world; with findings.')
    .option('--world <path>', 'world file (JSON or YAML), world directory, or iam-collect store; default: the bundled example world')
    .addOption(supplementOption())
    .addOption(reportFormatOption())
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--fail-on <kind>', 'exit 1 when a finding of this kind exists (not suppressed; with --baseline, new): public, or external (which includes public)', choice(['public', 'external'] as const)))
    .addOption(allowIncompleteOption())
    .addOption(timeoutOption())
    .addOption(new Option('--jobs <n>', 'worker threads, each with its own Z3 (default: the number of cores); the result is the same for any N')
      .argParser(positiveInteger).default(availableParallelism(), 'the number of cores'))
    .option('--shard <I/N>', 'audit only shard I of N (counted from 0) of the keys, split by a hash of each key ARN, and write a partial result (JSON) for `keyproof merge`', shardOption)
    .option('--fix', 'propose the smallest documented fix of each finding, as a JSON Patch of the world file, and check it by auditing the key again on the patched world')
    .option('--cache <dir>', 'keep each key\'s answer in DIR, by a hash of what it depends on; later runs ask only about what changed')
    .action(async (opts: AuditOptions, command: Command) => {
      if (opts.shard && command.getOptionValueSource('format') === 'cli' && opts.format !== 'json') {
        throw new InputError(undefined, `--shard writes a partial result (JSON) for \`keyproof merge\`, which renders the report: --format ${opts.format} belongs on merge`);
      }
      if (opts.shard && (opts.baseline !== undefined || opts.suppress !== undefined)) {
        throw new InputError(undefined, '--shard writes a partial result for `keyproof merge`: --baseline and --suppress belong on merge');
      }
      const world = openWorld(opts.world ?? bundledExampleWorld(), output, { supplement: opts.supplement, fileRoots: opts.allowFileRoot });
      // A bad --out is refused before the work, not after it.
      const triageFiles = opts.shard ? {} : readTriageFiles(opts, opts.world ?? bundledExampleWorld(), output);
      if (opts.out !== undefined) output.checkOut(opts.out);
      const progress = createProgress(opts.shard ? `auditing keys of shard ${opts.shard.index}/${opts.shard.count}` : 'auditing keys', { enabled: progressEnabled(opts.shard ? 'json' : opts.format) });
      let started = false;
      const options = {
        jobs: opts.jobs,
        onProgress: (done: number, total: number) => {
          if (!started) { started = true; progress.start(total); }
          progress.update(done);
        },
        onWarning: (message: string) => output.stderr(`keyproof: warning: ${message}\n`),
        ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
        ...(opts.cache !== undefined ? { cacheDir: opts.cache } : {}),
      };
      let result: AuditResult;
      try {
        if (opts.shard) {
          const part = await auditShard(world, opts.shard, options);
          progress.stop();
          output.result(JSON.stringify(part) + '\n', opts.out);
          result = { world: part.world, keys: [], findings: part.keys.flatMap((k) => k.part.findings), graph: { nodes: [], edges: [] },
            complete: part.keys.every((k) => k.part.undecided.length === 0), undecided: part.keys.flatMap((k) => k.part.undecided) };
        } else {
          const run = await auditWithStats(world, options);
          progress.stop();
          result = applyTriage(opts.fix ? await fixAudit(world, run.result, opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}) : run.result, triageFiles, output);
          if (opts.cache !== undefined) output.stderr(`keyproof: --cache ${opts.cache}: ${run.stats.cached} of ${run.stats.keys} keys answered from the cache, ${run.stats.asked} asked\n`);
          output.result(renderAuditReport(result, opts.format, { version: output.version, colors: output.colors && opts.out === undefined }), opts.out);
        }
      } finally {
        progress.stop();
      }
      if (!result.complete) output.stderr(`warning: the audit is incomplete; undecided: ${result.undecided.join('; ')}\n`);
      if (!opts.failOn) return;
      if (gatingFindings(result).some((f) => FAIL_ON_KINDS[opts.failOn!].includes(f.kind))) output.exitCode = 1;
      // A gate that could not decide must not pass (../shared/spec/interface.md section 6).
      else if (!result.complete && !opts.allowIncomplete) {
        output.stderr(`keyproof: --fail-on ${opts.failOn}: ${result.undecided.length} question(s) left undecided, so the audit cannot show that there is no ${opts.failOn} finding; failing (--allow-incomplete passes instead)\n`);
        output.exitCode = 1;
      }
    });
}

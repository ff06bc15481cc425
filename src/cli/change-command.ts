/**
 * `keyproof change`: gates an infrastructure change (a Terraform plan, a CloudFormation template) on the access
 * it gives. `--fail-on` exits 1 when what it names is found, and also when something is undecided, unless
 * `--allow-incomplete` (../shared/spec/interface.md section 6).
 */
import { Option, type Command } from 'commander';
import { change } from '../api/change.js';
import { InputError } from '../errors.js';
import { packageVersion } from '../package-files.js';
import { isAccountId } from '../policy/arn.js';
import { gateFails, type ChangeFailOn } from '../questions/change/change-result.js';
import { CHANGE_FORMATS, renderChangeReport, type ChangeFormat } from '../report/change/change-report.js';
import { openWorld } from './open-world.js';
import { choice, collect, timeoutOption } from './options.js';
import type { Output } from './output.js';
import { createProgress, progressEnabled } from './progress.js';

interface ChangeOptions {
  world?: string;
  terraformPlan?: string;
  cloudformation?: string;
  cloudformationBefore?: string;
  parameter?: string[];
  account?: string;
  region?: string;
  format: ChangeFormat;
  out?: string;
  failOn?: ChangeFailOn;
  allowIncomplete?: boolean;
  timeout?: number;
}

export function registerChangeCommand(program: Command, output: Output): void {
  program
    .command('change')
    .description('Who gains or loses which operations on which key if a Terraform plan or a CloudFormation template is applied, judged against the whole world.')
    .option('--world <file>', 'world file (JSON or YAML); default: the accounts the change names, as it describes them')
    .option('--terraform-plan <file>', 'the JSON of `terraform show -json PLANFILE`')
    .option('--cloudformation <file>', 'a CloudFormation template, JSON or YAML (a CDK app: cdk.out/STACK.template.json): the stack after the change')
    .option('--cloudformation-before <file>', 'with --cloudformation: the stack\'s current template (default: the stack is new)')
    .option('--parameter <key=value>', 'with --cloudformation: a template parameter value (repeatable)', collect)
    .option('--account <id>', 'the account of resources whose ARN the change does not give (default: told by the change)')
    .option('--region <region>', 'the region of keys whose ARN the change does not give (default: told by the change)')
    .addOption(new Option('--format <format>', CHANGE_FORMATS.join(', ')).choices(CHANGE_FORMATS).default('text'))
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--fail-on <what>', 'exit 1 when some principal gains access (new-access), anyone does (public), or a principal outside the estate does (external)', choice(['new-access', 'public', 'external'] as const))
    .option('--allow-incomplete', 'with --fail-on: do not fail because part of the change could not be decided')
    .addOption(timeoutOption())
    .action(async (opts: ChangeOptions) => {
      if (!opts.terraformPlan && !opts.cloudformation) throw new InputError(undefined, 'expected a change: --terraform-plan PLAN.json or --cloudformation TEMPLATE');
      const parameters = parametersOf(opts.parameter ?? []);
      if (opts.account !== undefined && !isAccountId(opts.account)) throw new InputError(undefined, `--account: expected a 12-digit account id, got '${opts.account}'`);
      const world = opts.world ? openWorld(opts.world, output) : undefined;
      for (const input of [opts.terraformPlan, opts.cloudformation, opts.cloudformationBefore]) if (input !== undefined) output.noteInput(input);
      // A bad --out is refused before the work, not after it.
      if (opts.out !== undefined) output.checkOut(opts.out);
      const progress = createProgress('comparing keys', { enabled: progressEnabled(opts.format) });
      let result;
      try {
        result = await change({
          ...(world ? { world } : {}),
          ...(opts.terraformPlan ? { terraformPlan: opts.terraformPlan } : {}),
          ...(opts.cloudformation ? { cloudformation: opts.cloudformation } : {}),
          ...(opts.cloudformationBefore ? { cloudformationBefore: opts.cloudformationBefore } : {}),
          ...(opts.parameter ? { parameters } : {}),
          ...(opts.account ? { account: opts.account } : {}), ...(opts.region ? { region: opts.region } : {}),
          ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
          onProgress: (done, total) => { if (done === 1) progress.start(total); progress.update(done); },
        });
      } finally {
        progress.stop();
      }
      output.result(renderChangeReport(result, opts.format, { version: packageVersion() }), opts.out);
      if (!result.complete) output.stderr(`warning: the answer is incomplete; undecided: ${result.undecided.join('; ')}\n`);
      if (gateFails(result, opts.failOn, opts.allowIncomplete === true)) output.exitCode = 1;
    });
}

/** `--parameter K=V`, repeated: the template's parameter values. */
function parametersOf(pairs: string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InputError(undefined, `--parameter: expected KEY=VALUE, got '${pair}'`);
    parameters[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return parameters;
}

/** `keyproof diff OLD NEW`: compares two key policies or two identity policies; `--fail-on more-permissive` for CI. */
import type { Command } from 'commander';
import { diff, diffInWorld } from '../api/diff.js';
import { gateFails } from '../questions/change/change-result.js';
import { renderChangeReport } from '../report/change/change-report.js';
import { packageVersion } from '../package-files.js';
import { openWorld } from './open-world.js';
import { InputError } from '../errors.js';
import { isAccountId } from '../policy/arn.js';
import { widensAccess } from '../questions/diff/diff.js';
import type { DiffPolicyKind } from '../questions/diff/input.js';
import { renderDiffText } from '../report/text/diff.js';
import { allowIncompleteOption, choice, positiveInteger, textOrJsonOption, timeoutOption } from './options.js';
import type { Output } from './output.js';

interface DiffOptions {
  format: 'text' | 'json';
  failOn?: 'more-permissive';
  allowIncomplete?: boolean;
  kind?: DiffPolicyKind;
  keyAccount?: string;
  witnesses?: number;
  timeout?: number;
  world?: string;
  key?: string;
  principal?: string;
  policyName?: string;
  policyArn?: string;
}

export function registerDiffCommand(program: Command, output: Output): void {
  program
    .command('diff')
    .description('Compare two key policies (or two identity policies): equivalent, more-permissive, less-permissive or incomparable, with example requests.')
    .argument('<old>', 'the old policy (JSON or YAML document, JSON string, or `aws kms get-key-policy` output)')
    .argument('<new>', 'the new policy')
    .addOption(textOrJsonOption())
    .option('--fail-on <change>', 'exit 1 when the new policy allows a request the old one does not', choice(['more-permissive'] as const))
    .option('--kind <kind>', 'key or identity (default: a policy whose statements name principals is a key policy)', choice(['key', 'identity'] as const))
    .option('--key-account <id>', 'the account that owns the key (default: the account whose root the policies name)')
    .option('--witnesses <n>', 'example requests to look for each way (default 3)', positiveInteger)
    .option('--world <file>', 'apply NEW where OLD lives in this world and report the effective change (grants, SCPs, RCPs, boundaries count), as `change` does')
    .option('--key <key>', 'with --world, key policies: the key the policy is for (default: the world\'s only key)')
    .option('--principal <p>', 'with --world, identity policies: the user, role or group holding the policy inline')
    .option('--policy-name <name>', 'with --principal: the inline policy\'s name (default keyproof-diff: added beside the others)')
    .option('--policy-arn <arn>', 'with --world, identity policies: the managed policy whose document OLD and NEW are')
    .addOption(allowIncompleteOption())
    .addOption(timeoutOption())
    .action(async (oldFile: string, newFile: string, opts: DiffOptions) => {
      if (opts.world) return diffWorld(oldFile, newFile, opts, output);
      if (opts.key || opts.principal || opts.policyName || opts.policyArn) {
        throw new InputError(undefined, '--key, --principal, --policy-name and --policy-arn say where the policy lives in --world WORLD; give --world');
      }
      if (opts.keyAccount !== undefined && !isAccountId(opts.keyAccount)) {
        throw new InputError(undefined, `--key-account: expected a 12-digit account id, got '${opts.keyAccount}'`);
      }
      const result = await diff({
        old: oldFile, new: newFile,
        ...(opts.kind ? { kind: opts.kind } : {}),
        ...(opts.keyAccount !== undefined ? { keyAccount: opts.keyAccount } : {}),
        ...(opts.witnesses !== undefined ? { maxWitnesses: opts.witnesses } : {}),
        ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
      });
      output.result(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderDiffText(result));
      if (opts.failOn !== 'more-permissive') return;
      if (widensAccess(result)) output.exitCode = 1;
      // A gate that could not decide must not pass (../shared/spec/interface.md section 6).
      else if (!result.complete && !opts.allowIncomplete) {
        output.stderr(`keyproof: --fail-on more-permissive: left undecided: ${result.undecided.map((u) => `(allowed by the ${u.allowedBy} policy) ${u.why}`).join('; ')}; failing (--allow-incomplete passes instead)\n`);
        output.exitCode = 1;
      }
    });
}

/** `diff OLD NEW --world W`: the effective change, reported as `change` reports it; the gate fails on any gain. */
async function diffWorld(oldFile: string, newFile: string, opts: DiffOptions, output: Output): Promise<void> {
  if (opts.keyAccount !== undefined || opts.witnesses !== undefined) throw new InputError(undefined, '--key-account and --witnesses compare two policies alone; with --world the key and its account are the world\'s');
  const world = openWorld(opts.world!, output);
  const result = await diffInWorld({
    old: oldFile, new: newFile, world,
    ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.key ? { key: opts.key } : {}), ...(opts.principal ? { principal: opts.principal } : {}),
    ...(opts.policyName ? { policyName: opts.policyName } : {}), ...(opts.policyArn ? { policyArn: opts.policyArn } : {}),
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
  });
  output.result(renderChangeReport(result, opts.format, { version: packageVersion() }));
  if (!result.complete) output.stderr(`warning: the answer is incomplete; undecided: ${result.undecided.join('; ')}\n`);
  if (opts.failOn === 'more-permissive' && gateFails(result, 'new-access', opts.allowIncomplete === true)) output.exitCode = 1;
}

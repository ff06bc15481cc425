/** `keyproof check`: can this principal perform this KMS operation on this key, and why? */
import type { Command } from 'commander';
import { check, type EngineName } from '../api/check.js';
import { resolveKeyName, resolvePrincipalName } from '../query/resolve.js';
import { renderCheckText } from '../report/text/check.js';
import { openWorld } from './open-world.js';
import { choice, collect, positiveInteger, textOrJsonOption, supplementOption, worldOption } from './options.js';
import type { Output } from './output.js';

interface CheckOptions {
  world: string;
  supplement?: string;
  allowFileRoot?: string[];
  principal: string;
  action: string;
  key?: string;
  account?: string;
  region?: string;
  context: string[];
  transitive: boolean;
  engine: EngineName;
  format: 'text' | 'json';
  timeout?: number;
  resourceLimit?: number;
  whyNot: boolean;
}

export function registerCheckCommand(program: Command, output: Output): void {
  program
    .command('check')
    .description('Decide one request: may PRINCIPAL perform ACTION on KEY? Prints the answer, the reason, the deciding statements and the flowchart trace.')
    .addOption(worldOption())
    .addOption(supplementOption())
    .requiredOption('--principal <principal>', 'user, role, assumed-role session or account root ARN, a service principal, an account id, or a user or role name (bob, role/AppRole)')
    .requiredOption('--action <kms:Op>', 'KMS operation, e.g. kms:Decrypt (the kms: prefix is optional)')
    .option('--key <key>', 'key ARN, alias ARN, alias name (alias/app-key or app-key) or key id (not for operations that use no key, such as kms:ListKeys)')
    .option('--account <id>', 'for an operation that uses no key (kms:ListKeys, kms:CreateKey...): the account the request is made in (default: the caller\'s)')
    .option('--region <region>', 'for an operation that uses no key: the Region called (aws:RequestedRegion)')
    .option('--context <K=V>', 'request context value (repeat K for a multi-valued key)', collect, [])
    .option('--transitive', 'the principal may first assume roles, any number of times', false)
    .option('--engine <engine>', 'z3 (default) or reference', choice(['z3', 'reference'] as const), 'z3')
    .option('--timeout <ms>', 'time limit for the whole check, in milliseconds (z3 engine; each query gets what is left; default 10000 per query)', positiveInteger)
    .option('--resource-limit <n>', "Z3's deterministic resource limit per query (z3 engine)", positiveInteger)
    .option('--no-why-not', 'on a DENY, do not look for the changes that would allow the request')
    .addOption(textOrJsonOption())
    .action(async (opts: CheckOptions) => {
      const world = openWorld(opts.world, output, { supplement: opts.supplement, fileRoots: opts.allowFileRoot });
      const answer = await check(world, {
        principal: opts.principal, action: opts.action, context: opts.context,
        ...(opts.key !== undefined ? { key: opts.key } : {}), ...(opts.account !== undefined ? { account: opts.account } : {}),
        ...(opts.region !== undefined ? { region: opts.region } : {}),
        transitive: opts.transitive, engine: opts.engine, whyNot: opts.whyNot, ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
        ...(opts.resourceLimit !== undefined ? { resourceLimit: opts.resourceLimit } : {}),
      });
      if (opts.format === 'json') output.result(JSON.stringify(answer, null, 2) + '\n');
      else {
        const on = opts.key !== undefined ? resolveKeyName(world, opts.key, '--key') : `* (account ${opts.account ?? 'of the caller'})`;
        output.result(renderCheckText({ principal: resolvePrincipalName(world, opts.principal, '--principal'), action: opts.action, key: on }, answer, output.colors));
      }
    });
}

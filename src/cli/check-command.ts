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
  key: string;
  context: string[];
  transitive: boolean;
  engine: EngineName;
  format: 'text' | 'json';
  timeout?: number;
  resourceLimit?: number;
}

export function registerCheckCommand(program: Command, output: Output): void {
  program
    .command('check')
    .description('Decide one request: may PRINCIPAL perform ACTION on KEY? Prints the answer, the reason, the deciding statements and the flowchart trace.')
    .addOption(worldOption())
    .addOption(supplementOption())
    .requiredOption('--principal <principal>', 'user, role, assumed-role session or account root ARN, a service principal, an account id, or a user or role name (bob, role/AppRole)')
    .requiredOption('--action <kms:Op>', 'KMS operation, e.g. kms:Decrypt (the kms: prefix is optional)')
    .requiredOption('--key <key>', 'key ARN, alias ARN, alias name (alias/app-key or app-key) or key id')
    .option('--context <K=V>', 'request context value (repeat K for a multi-valued key)', collect, [])
    .option('--transitive', 'the principal may first assume roles, any number of times', false)
    .option('--engine <engine>', 'z3 (default) or reference', choice(['z3', 'reference'] as const), 'z3')
    .option('--timeout <ms>', 'time limit per solver query, in milliseconds (z3 engine; default 10000)', positiveInteger)
    .option('--resource-limit <n>', "Z3's deterministic resource limit per query (z3 engine)", positiveInteger)
    .addOption(textOrJsonOption())
    .action(async (opts: CheckOptions) => {
      const world = openWorld(opts.world, output, { supplement: opts.supplement, fileRoots: opts.allowFileRoot });
      const answer = await check(world, {
        principal: opts.principal, action: opts.action, key: opts.key, context: opts.context,
        transitive: opts.transitive, engine: opts.engine, ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
        ...(opts.resourceLimit !== undefined ? { resourceLimit: opts.resourceLimit } : {}),
      });
      if (opts.format === 'json') output.result(JSON.stringify(answer, null, 2) + '\n');
      else output.result(renderCheckText({ principal: resolvePrincipalName(world, opts.principal, '--principal'), action: opts.action, key: resolveKeyName(world, opts.key, '--key') }, answer, output.colors));
    });
}

/** `keyproof who-can`: every principal (and class of principals) that can perform an operation on a key. */
import type { Command } from 'commander';
import { whoCan } from '../api/who-can.js';
import { renderWhoCanText } from '../report/text/who-can.js';
import { openWorld } from './open-world.js';
import { textOrJsonOption, timeoutOption, supplementOption, worldOption } from './options.js';
import type { Output } from './output.js';

interface WhoCanOptions {
  world: string;
  supplement?: string;
  allowFileRoot?: string[];
  action: string;
  key: string;
  format: 'text' | 'json';
  timeout?: number;
}

export function registerWhoCanCommand(program: Command, output: Output): void {
  program
    .command('who-can')
    .description('Who can perform ACTION on KEY for some request context: principals of the world (through roles too) and classes outside it.')
    .addOption(worldOption())
    .addOption(supplementOption())
    .requiredOption('--action <kms:Op>', 'KMS operation, e.g. kms:Decrypt (the kms: prefix is optional)')
    .requiredOption('--key <key>', 'key ARN, alias ARN, alias name (alias/app-key or app-key) or key id')
    .addOption(textOrJsonOption())
    .addOption(timeoutOption())
    .action(async (opts: WhoCanOptions) => {
      const world = openWorld(opts.world, output, { supplement: opts.supplement, fileRoots: opts.allowFileRoot });
      const result = await whoCan(world, { key: opts.key, action: opts.action, ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}) });
      output.result(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderWhoCanText(result));
    });
}

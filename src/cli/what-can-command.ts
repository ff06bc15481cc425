/** `keyproof what-can`: the keys and operations a principal can reach, itself or through roles. */
import type { Command } from 'commander';
import { whatCan } from '../api/what-can.js';
import { renderWhatCanText } from '../report/text/what-can.js';
import { openWorld } from './open-world.js';
import { textOrJsonOption, timeoutOption, supplementOption, worldOption } from './options.js';
import type { Output } from './output.js';

interface WhatCanOptions {
  world: string;
  supplement?: string;
  allowFileRoot?: string[];
  principal: string;
  format: 'text' | 'json';
  timeout?: number;
}

export function registerWhatCanCommand(program: Command, output: Output): void {
  program
    .command('what-can')
    .description('Which operations on which keys PRINCIPAL can perform for some request context, itself or through roles it can assume.')
    .addOption(worldOption())
    .addOption(supplementOption())
    .requiredOption('--principal <principal>', 'user, role, assumed-role session or account root ARN, a service principal, an account id, or a user or role name (bob, role/AppRole)')
    .addOption(textOrJsonOption())
    .addOption(timeoutOption())
    .action(async (opts: WhatCanOptions) => {
      const world = openWorld(opts.world, output, { supplement: opts.supplement, fileRoots: opts.allowFileRoot });
      const result = await whatCan(world, { principal: opts.principal, ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}) });
      output.result(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderWhatCanText(result));
    });
}

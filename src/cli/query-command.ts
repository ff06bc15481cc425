/** `keyproof query`: a question in the audit query language, e.g. `who can kms:Decrypt on alias/app-key`. */
import type { Command } from 'commander';
import { answerQuery } from '../api/query.js';
import { parseQuery } from '../query/parse.js';
import { resolveQuery } from '../query/resolve.js';
import { renderQueryText } from '../report/text/query.js';
import { openWorld } from './open-world.js';
import { textOrJsonOption, timeoutOption, supplementOption, worldOption } from './options.js';
import type { Output } from './output.js';

interface QueryOptions {
  world: string;
  supplement?: string;
  allowFileRoot?: string[];
  format: 'text' | 'json';
  timeout?: number;
}

export function registerQueryCommand(program: Command, output: Output): void {
  program
    .command('query')
    .description("Answer a typed question: 'who can decrypt on app-key?', 'can bob kms:Get* on key/ID [with K=V and ...] [via|through roles]', 'what can role/NAME do', 'which keys are public|external', \"why can't bob decrypt app-key\" (the changes that would allow a denied request). Keywords in any case; kms: and on optional; * patterns; short names.")
    .argument('<text>', 'the question (quote it)')
    .addOption(worldOption())
    .addOption(supplementOption())
    .addOption(textOrJsonOption())
    .addOption(timeoutOption())
    .action(async (text: string, opts: QueryOptions) => {
      const world = openWorld(opts.world, output, { supplement: opts.supplement, fileRoots: opts.allowFileRoot });
      const resolved = resolveQuery(world, parseQuery(text));
      const answer = await answerQuery(world, resolved, opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {});
      output.result(opts.format === 'json' ? JSON.stringify(answer, null, 2) + '\n' : renderQueryText(resolved, answer, output.colors));
    });
}

/** `keyproof query`: a question in the audit query language, e.g. `who can kms:Decrypt on alias/app-key`. */
import type { Command } from 'commander';
import { InternalError } from '../errors.js';
import { answerQuery, type QueryAnswer } from '../api/query.js';
import type { Query } from '../query/ast.js';
import { parseQuery } from '../query/parse.js';
import { resolveQuery } from '../query/resolve.js';
import { renderCheckText } from '../report/check-text.js';
import { renderWhatCanText } from '../report/what-can-text.js';
import { renderWhoCanText } from '../report/who-can-text.js';
import { loadWorld } from '../world/load.js';
import { textOrJsonOption, timeoutOption, worldOption } from './options.js';
import type { Output } from './output.js';

interface QueryOptions {
  world: string;
  format: 'text' | 'json';
  timeout?: number;
}

export function registerQueryCommand(program: Command, output: Output): void {
  program
    .command('query')
    .description("Answer a typed question: 'who can kms:Decrypt on alias/NAME', 'can user/NAME kms:Decrypt key/ID [with K=V and ...] [through roles]', 'what can role/NAME do'.")
    .argument('<text>', 'the question (quote it)')
    .addOption(worldOption())
    .addOption(textOrJsonOption())
    .addOption(timeoutOption())
    .action(async (text: string, opts: QueryOptions) => {
      const world = loadWorld(opts.world);
      const resolved = resolveQuery(world, parseQuery(text));
      const answer = await answerQuery(world, resolved, opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {});
      output.result(opts.format === 'json' ? JSON.stringify(answer, null, 2) + '\n' : renderQueryText(resolved, answer, output.colors));
    });
}

function renderQueryText(q: Query, answer: QueryAnswer, colors: boolean): string {
  switch (answer.kind) {
    case 'who-can':
      return renderWhoCanText(answer.result);
    case 'what-can':
      return renderWhatCanText(answer.result);
    case 'can':
      if (q.kind !== 'can') throw new InternalError('a can answer for a query of another kind');
      return renderCheckText({ principal: q.principal, action: q.action, key: q.key }, answer.result, colors);
  }
}

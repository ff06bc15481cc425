/** `keyproof reach`: what a principal reaches, who reaches a key, and the graph of role chains between them. */
import type { Command } from 'commander';
import { reach } from '../api/reach.js';
import { renderAuditReport, type AuditFormat } from '../report/audit/render.js';
import { openWorld } from './open-world.js';
import { reportFormatOption } from './audit-command.js';
import { timeoutOption, supplementOption, worldOption } from './options.js';
import type { Output } from './output.js';
import { createProgress, progressEnabled } from './progress.js';

interface ReachOptions {
  world: string;
  supplement?: string;
  allowFileRoot?: string[];
  principal?: string;
  key?: string;
  format: AuditFormat;
  out?: string;
  timeout?: number;
}

export function registerReachCommand(program: Command, output: Output): void {
  program
    .command('reach')
    .description('What a principal can reach (itself and through roles), or who can reach a key, with the graph.')
    .addOption(worldOption())
    .addOption(supplementOption())
    .option('--principal <principal>', 'only what this principal reaches (an ARN, an account id, or a user or role name)')
    .option('--key <key>', 'only this key (key or alias ARN, alias name or key id)')
    .addOption(reportFormatOption())
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .addOption(timeoutOption())
    .action(async (opts: ReachOptions) => {
      const world = openWorld(opts.world, output, { supplement: opts.supplement, fileRoots: opts.allowFileRoot });
      // A bad --out is refused before the work, not after it.
      if (opts.out !== undefined) output.checkOut(opts.out);
      const progress = createProgress('reaching keys', { enabled: progressEnabled(opts.format) });
      progress.start(opts.key ? 1 : world.keys.size);
      let result;
      try {
        result = await reach(world, {
          ...(opts.principal !== undefined ? { principal: opts.principal } : {}), ...(opts.key !== undefined ? { key: opts.key } : {}),
          ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}), onProgress: (done) => progress.update(done),
        });
      } finally {
        progress.stop();
      }
      output.result(renderAuditReport(result, opts.format, { version: output.version, title: 'keyproof reach', colors: output.colors && opts.out === undefined }), opts.out);
      if (!result.complete) output.stderr(`warning: the answer is incomplete; undecided: ${result.undecided.join('; ')}\n`);
    });
}

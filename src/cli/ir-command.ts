/** `keyproof ir`: the intermediate form keyproof compiles for each key of a world (docs/intermediate-form.md). */
import type { Command } from 'commander';
import { lowerQuestion } from '../ir/lower/question.js';
import { printProgram } from '../ir/print.js';
import { resolveKeyName } from '../query/resolve.js';
import { resolveKey } from '../request/kms-request.js';
import { kmsRulesFile } from '../semantics/kms-rules.js';
import { openWorld } from './open-world.js';
import { supplementOption, worldOption } from './options.js';
import type { Output } from './output.js';

interface IrOptions {
  world: string;
  supplement?: string;
  allowFileRoot?: string[];
  key?: string;
  rules: boolean;
}

export function registerIrCommand(program: Command, output: Output): void {
  program
    .command('ir')
    .description('Print the facts and rules the Z3 engine compiles for each key (every identity of the world included).')
    .addOption(worldOption())
    .addOption(supplementOption())
    .option('--key <key>', 'only this key: ' + 'key ARN, alias ARN, alias name (alias/app-key or app-key) or key id')
    .option('--rules', 'also print the KMS decision rules (src/semantics/kms.kp)', false)
    .action(async (opts: IrOptions) => {
      const world = openWorld(opts.world, output);
      const keys = opts.key ? [resolveKey(world, resolveKeyName(world, opts.key, '--key')).key] : [...world.keys.values()];
      const sections: string[] = [];
      if (opts.rules) {
        const { readFileSync } = await import('node:fs');
        sections.push(`// ---- KMS decision rules (${kmsRulesFile()}) ----\n${readFileSync(kmsRulesFile(), 'utf8')}`);
      }
      for (const key of keys) {
        sections.push(`// ---- key ${key.arn} ----\n${printProgram(lowerQuestion(world, { kind: 'kms', key }))}`);
      }
      output.result(sections.join('\n'));
    });
}

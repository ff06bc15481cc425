/** `keyproof audit`: who can do what with every key of a world (the bundled example world by default). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { audit, type FindingKind } from '../api/audit.js';
import { InternalError } from '../errors.js';
import { renderAuditMarkdown, renderAuditText } from '../report/audit-text.js';
import { loadWorld } from '../world/load.js';
import { choice } from './options.js';
import type { Output } from './output.js';

interface AuditOptions {
  world?: string;
  format: 'text' | 'json' | 'md';
  out?: string;
  failOn?: FindingKind;
}

/** examples/world.yaml of the installed package, found from src/cli (source) or dist/src/cli (built). */
export function bundledExampleWorld(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const candidate = resolve(join(here, up, 'examples', 'world.yaml'));
    if (existsSync(candidate)) return candidate;
  }
  throw new InternalError('the bundled example world examples/world.yaml is missing from the installation');
}

export function registerAuditCommand(program: Command, output: Output): void {
  program
    .command('audit')
    .description('Who can use each key, per operation group, including principals outside the world; with findings.')
    .option('--world <file>', 'world file (JSON or YAML); default: the bundled example world')
    .option('--format <format>', 'text, json or md', choice(['text', 'json', 'md'] as const), 'text')
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--fail-on <kind>', 'exit 1 when a finding of this kind exists: public or external', choice(['public', 'external'] as const))
    .action((opts: AuditOptions) => {
      const world = loadWorld(opts.world ?? bundledExampleWorld());
      const result = audit(world);
      const text = opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n'
        : opts.format === 'md' ? renderAuditMarkdown(result) : renderAuditText(result);
      output.result(text, opts.out);
      if (opts.failOn && result.findings.some((f) => f.kind === opts.failOn)) output.exitCode = 1;
    });
}

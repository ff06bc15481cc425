/**
 * `keyproof collect [--profile P] [--regions R1,R2|all] [--role-name NAME [--external-id ID]] [--only iam|kms|org]...
 * --out DIR` (interface.md section 6): reads an AWS estate with the AWS SDK and writes a world directory that
 * `--world DIR` reads. The summary goes to stdout; the parts that could not be read are listed there too, and
 * recorded in the world.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { InputError } from '../errors.js';
import { renderCollectText } from '../report/collect-text.js';
import { collect, COLLECTED_SERVICES, type CollectedService } from '../world/collect/collect.js';
import { parseRegionChoice } from '../world/collect/regions.js';
import { choice, collect as repeat, positiveInteger } from './options.js';
import type { Output } from './output.js';
import { createProgress, progressEnabled } from './progress.js';

interface CollectCommandOptions {
  out: string;
  profile?: string;
  regions?: string;
  roleName?: string;
  externalId?: string;
  only?: CollectedService[];
  endpointUrl?: string;
  concurrency?: number;
  format: 'text' | 'json';
  maxAttempts?: number;
  retryBaseDelayMs?: number;
}

function regionsOption(value: string): string {
  try {
    parseRegionChoice(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

export function registerCollectCommand(program: Command, output: Output): void {
  program
    .command('collect')
    .description('Read an AWS estate (IAM, KMS keys with policies and grants, the organization with SCPs and RCPs) into a world directory.')
    .requiredOption('--out <dir>', 'the world directory to write (replaced as a whole once everything is collected)')
    .option('--profile <name>', 'a profile of the AWS config files (default: the standard credential chain)')
    .option('--regions <list>', 'regions to read KMS keys in: R1,R2 or all (default: the regions enabled in each account)', regionsOption)
    .option('--role-name <name>', 'collect every active member account of the organization through this role (e.g. OrganizationAccountAccessRole)')
    .option('--external-id <id>', 'the external id the role\'s trust policy requires (with --role-name)')
    .option('--only <part>', 'collect only this part: iam, kms or org (repeatable; default: all)', (value, previous: CollectedService[] | undefined) => repeat(choice(COLLECTED_SERVICES)(value), previous) as CollectedService[])
    .option('--endpoint-url <url>', 'send every AWS request to this endpoint (a local test endpoint, LocalStack)')
    .option('--concurrency <n>', 'requests at once (default 4)', positiveInteger)
    .addOption(new Option('--format <format>', 'text or json (the summary)').choices(['text', 'json']).default('text'))
    .addOption(new Option('--max-attempts <n>', 'attempts per AWS call (default 5)').argParser(positiveInteger).hideHelp())
    .addOption(new Option('--retry-base-delay-ms <ms>', 'fixed retry base delay (tests)').argParser(nonNegativeInteger).hideHelp())
    .action(async (opts: CollectCommandOptions) => {
      if (opts.externalId !== undefined && opts.roleName === undefined) {
        throw new InputError(undefined, '--external-id is used with --role-name: give the role to assume in the member accounts');
      }
      const progress = createProgress('collecting', { enabled: progressEnabled(opts.format) });
      progress.start(0);
      let summary;
      try {
        summary = await collect({
          out: opts.out,
          regions: parseRegionChoice(opts.regions),
          only: opts.only ?? [],
          version: output.version,
          onProgress: (done, total) => progress.update(done, total),
          ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
          ...(opts.roleName !== undefined ? { roleName: opts.roleName } : {}),
          ...(opts.externalId !== undefined ? { externalId: opts.externalId } : {}),
          ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
          client: {
            ...(opts.endpointUrl !== undefined ? { endpoint: opts.endpointUrl } : {}),
            ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
            ...(opts.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: opts.retryBaseDelayMs } : {}),
          },
        });
      } finally {
        progress.stop();
      }
      output.result(opts.format === 'json' ? JSON.stringify(summary, null, 2) + '\n' : renderCollectText(summary));
    });
}

/**
 * The `keyproof` command line (../shared/spec/interface.md). Exit codes: 0 ran, 1 a --fail-on condition was met,
 * 2 bad usage or bad input, 3 internal error. No stack trace reaches the user for bad input.
 */
import { Command, CommanderError } from 'commander';
import { closeEngines } from '../api/check.js';
import { InputError } from '../errors.js';
import { registerAuditCommand } from './audit-command.js';
import { registerChangeCommand } from './change-command.js';
import { registerCheckCommand } from './check-command.js';
import { registerCollectCommand } from './collect-command.js';
import { registerDiffCommand } from './diff-command.js';
import { registerMergeCommand } from './merge-command.js';
import { registerIrCommand } from './ir-command.js';
import { registerWhoCanCommand } from './who-can-command.js';
import { registerWhatCanCommand } from './what-can-command.js';
import { registerQueryCommand } from './query-command.js';
import { registerReachCommand } from './reach-command.js';
import { allowFileRootOption } from './options.js';
import { Output } from './output.js';

export const EXIT = { ok: 0, failOn: 1, usage: 2, internal: 3 } as const;

export function buildProgram(output: Output): Command {
  const program = new Command('keyproof')
    .description('Who can use which AWS KMS key, and why: key policies, IAM policies, grants, SCPs, RCPs and boundaries.')
    .version(output.version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.stdout(s), writeErr: (s) => output.stderr(s) })
    .showHelpAfterError('(run with --help for usage)');
  registerCheckCommand(program, output);
  registerWhoCanCommand(program, output);
  registerWhatCanCommand(program, output);
  registerAuditCommand(program, output);
  registerReachCommand(program, output);
  registerMergeCommand(program, output);
  registerIrCommand(program, output);
  registerDiffCommand(program, output);
  registerQueryCommand(program, output);
  registerCollectCommand(program, output);
  registerChangeCommand(program, output);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    if (cmd.options.some((o) => o.long === '--world')) cmd.addOption(allowFileRootOption());
  }
  return program;
}

/** Runs the CLI and returns its exit status. */
export async function main(argv: readonly string[], output: Output = new Output()): Promise<number> {
  const program = buildProgram(output);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return output.exitCode;
  } catch (error) {
    return reportError(error, output);
  } finally {
    await closeEngines();
  }
}

function reportError(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof InputError) {
    output.stderr(`keyproof: ${error.message}\n`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  output.stderr(`keyproof: internal error, please report it at the project's issue tracker with the command you ran:\n${detail}\n`);
  return EXIT.internal;
}

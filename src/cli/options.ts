/** Option parsers shared by the commands. */
import { InvalidArgumentError, Option } from 'commander';

export function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    }
    return value as T;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** Options several commands share, worded once. */
export const worldOption = () =>
  new Option('--world <path>', 'world file (JSON or YAML), world directory (DIR/world.yaml), or iam-collect store').makeOptionMandatory();
export const supplementOption = () =>
  new Option('--supplement <path>', 'with an iam-collect store: a world (e.g. from `keyproof collect --only kms`) whose keys give the grants, aliases, key states and key metadata iam-collect does not keep');
/** Added by main.ts to every command that reads a world. */
export const allowFileRootOption = () =>
  new Option('--allow-file-root <dir>', "a directory the world's \"$file\" references may read besides the world file's own (repeatable)").argParser(collect);
export const textOrJsonOption = () => new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text');
export const timeoutOption = () =>
  new Option('--timeout <ms>', 'time limit for the command\'s solver questions, in milliseconds: each query gets what is left, and what is not decided in time is UNKNOWN / incomplete, named (default: 10000 per query, no overall limit)').argParser(positiveInteger);

/** `--allow-incomplete`: a `--fail-on` gate that could not decide everything passes (by default it fails). */
export const allowIncompleteOption = () =>
  new Option('--allow-incomplete', 'with --fail-on: pass when some questions are left undecided (by default an undecided gate fails, exit 1)');

/**
 * The Z3 stress run (issue 12, item 2): the bundled world asked with tiny time limits, so that solver queries are
 * cut short at every possible moment, across who-can, audit and check. Every run must end by itself under a
 * watchdog, exit 0 (or 1 only where --fail-on asks for it), print no crash, no stack and no worker noise.
 */
import { runCli, CRASH, type CliRun } from './run-cli.js';

const WORLD = 'examples/world.yaml';
const KEY = 'arn:aws:kms:us-west-2:444455556666:key/1111aaaa-11aa-11aa-11aa-111111111111';
const BOB = 'arn:aws:iam::111122223333:user/bob';

export interface StressRun {
  args: string[];
  /** Exit codes that are not failures: 0, and 1 when the run has --fail-on. */
  allowed: number[];
}

/** The i-th run: the command cycles, the time limit ranges over 1–7 ms. */
export function stressRun(i: number): StressRun {
  const timeout = String(1 + (i % 7));
  switch (i % 4) {
    case 0: return { args: ['who-can', '--world', WORLD, '--action', 'kms:Decrypt', '--key', KEY, '--timeout', timeout], allowed: [0] };
    case 1: return { args: ['audit', '--world', WORLD, '--format', 'json', '--timeout', timeout, '--fail-on', 'external'], allowed: [0, 1] };
    case 2: return { args: ['check', '--world', WORLD, '--principal', BOB, '--action', 'kms:Decrypt', '--key', KEY, '--transitive', '--timeout', timeout], allowed: [0] };
    default: return { args: ['audit', '--world', WORLD, '--format', 'text', '--timeout', timeout], allowed: [0] };
  }
}

export interface StressFailure {
  args: string[];
  run: CliRun;
  why: string;
}

/** Runs `count` stress runs, `parallel` at a time; the failures, each with the command to rerun it. */
export async function stress(count: number, parallel = 2, watchdogSeconds = 180): Promise<StressFailure[]> {
  const failures: StressFailure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const { args, allowed } = stressRun(next++);
      const run = await runCli(args, watchdogSeconds);
      const why = run.hung ? `hung (killed after ${watchdogSeconds} s)`
        : run.signal ? `killed by ${run.signal}`
        : !allowed.includes(run.status ?? -1) ? `exit ${run.status}`
        : CRASH.test(run.stderr) ? 'a crash on stderr'
        : /terminated worker|cleanupThread|pthread/i.test(run.stderr) ? 'worker noise on stderr'
        : undefined;
      if (why) failures.push({ args, run, why });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return failures;
}

export function describeFailures(failures: readonly StressFailure[]): string {
  return failures.map((f) => `${f.why}: node bin/keyproof.js ${f.args.join(' ')}\n${f.run.stderr.slice(0, 300)}`).join('\n');
}

/**
 * A progress bar for long questions (audit, reach), on stderr only: stdout carries the result, which may be piped or
 * parsed. Disabled, it is an object that does nothing, so commands call it the same way either way.
 */
import cliProgress from 'cli-progress';
import { MACHINE_AUDIT_FORMATS } from '../report/audit/render.js';

export interface Progress {
  start(total: number): void;
  /** `total` changes the total, for work whose size is learnt as it goes (collect). */
  update(done: number, total?: number): void;
  /** Removes the bar. Call it in a `finally`: a started bar keeps a redraw timer, and so the process, alive. */
  stop(): void;
}

const SILENT: Progress = { start() {}, update() {}, stop() {} };

/** Formats whose output a program reads: a bar on the terminal would only get in the way of whoever runs them. */
const MACHINE_FORMATS: ReadonlySet<string> = new Set(MACHINE_AUDIT_FORMATS);

/** Show a bar only to a person watching a terminal, and not for machine-read output. */
export function progressEnabled(format: string, stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.isTTY === true && !MACHINE_FORMATS.has(format);
}

export function createProgress(label: string, options: { enabled: boolean; stream?: NodeJS.WriteStream }): Progress {
  if (!options.enabled) return SILENT;
  const bar = new cliProgress.SingleBar({
    stream: options.stream ?? process.stderr,
    // `{label}` is filled from the payload once, so braces in a label are printed, not read as tokens.
    format: '{label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}',
    clearOnComplete: true,
    // A hidden cursor would stay hidden if the process ended without stop().
    hideCursor: false,
    fps: 10,
  });
  return {
    start: (total) => bar.start(total, 0, { label }),
    update: (done, total) => {
      if (total !== undefined) bar.setTotal(total);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

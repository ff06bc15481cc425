/**
 * Runs a benchmark step in a Node process of its own, reading the JSON lines it prints, and kills it when the
 * caller says it has run too long. Used for what may hang or exhaust memory (the audit, an engine): a process can
 * always be stopped, where a blocked main thread (a WebAssembly engine waiting on its workers) cannot.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildOutcome {
  /** Killed because `overdue` said so. */
  stopped: boolean;
  exitCode: number | null;
  /** The end of what the process wrote on stderr (an engine's own report of a crash). */
  stderrTail: string;
}

export function runJsonLinesChild<E>(
  script: string,
  args: string[],
  onEvent: (event: E) => void,
  /** Asked every 200 ms: true stops the process. */
  overdue: () => boolean,
): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stopped = false;
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-2000); });
    createInterface({ input: child.stdout }).on('line', (line) => onEvent(JSON.parse(line) as E));
    const timer = setInterval(() => {
      if (stopped || !overdue()) return;
      stopped = true;
      child.kill('SIGKILL');
    }, 200);
    child.on('close', (exitCode) => {
      clearInterval(timer);
      resolve({ stopped, exitCode, stderrTail: stderr.trim() });
    });
  });
}

/** Runs the built CLI in a child process under a watchdog, without blocking the test worker's event loop. */
import { spawn } from 'node:child_process';

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** The watchdog killed the process. */
  hung: boolean;
}

export function runCli(args: readonly string[], seconds: number, nodeOptions: readonly string[] = []): Promise<CliRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...nodeOptions, 'bin/keyproof.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => { if (stdout.length < 1 << 24) stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { if (stderr.length < 1 << 20) stderr += s; });
    const watchdog = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, seconds * 1000);
    child.on('close', (status, signal) => {
      clearTimeout(watchdog);
      resolve({ status, signal, stdout, stderr, seconds: (Date.now() - started) / 1000, hung });
    });
  });
}

/** What a stack trace or a crash looks like on stderr. */
export const CRASH = /\n\s+at .*:\d+:\d+\)?\n|internal error|RangeError|RuntimeError|Aborted\(/;

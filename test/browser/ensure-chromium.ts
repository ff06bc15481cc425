/**
 * The browser tests drive the system's Chromium (Debian package `chromium`). When it is missing, install it with
 * apt-get, refreshing the package lists once if the first attempt fails; fail with a clear message otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const INSTALL_TIMEOUT_MS = 15 * 60_000;

function aptGet(args: string[]): { ok: boolean; output: string } {
  const run = spawnSync('apt-get', args, {
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`;
  return { ok: run.status === 0, output };
}

/** The path of a Chromium executable, installing the Debian package first when needed. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  let attempt = aptGet(['install', '-y', 'chromium']);
  if (!attempt.ok) {
    const update = aptGet(['update']);
    if (!update.ok) throw new Error(`cannot install Chromium for the browser tests: apt-get update failed:\n${update.output.slice(-2000)}`);
    attempt = aptGet(['install', '-y', 'chromium']);
  }
  if (!attempt.ok || !existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `cannot install Chromium for the browser tests ("apt-get install -y chromium" failed; run it as root, or install ` +
      `Chromium so that ${CHROMIUM_PATH} exists):\n${attempt.output.slice(-2000)}`,
    );
  }
  return CHROMIUM_PATH;
}

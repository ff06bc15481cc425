/** The CLI run in process on captured output: its exit status, stdout and stderr. */
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';

export async function runMain(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const output = new CapturedOutput();
  const status = await main(argv, output);
  return { status, out: output.out, err: output.err };
}

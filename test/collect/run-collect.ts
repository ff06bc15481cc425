/** Runs `keyproof collect` in this process against a fake endpoint, with the fake base credentials in the environment. */
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import { BASE_ACCESS_KEY, BASE_SECRET, BASE_SESSION_TOKEN } from './fake-estate.js';

/** The provider chain reads these first; the rest keeps it from any real configuration of the machine. */
export function useFakeCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = BASE_ACCESS_KEY;
  process.env.AWS_SECRET_ACCESS_KEY = BASE_SECRET;
  process.env.AWS_SESSION_TOKEN = BASE_SESSION_TOKEN;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = '/nonexistent/keyproof-test-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/keyproof-test-credentials';
  delete process.env.AWS_PROFILE;
}

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const output = new CapturedOutput();
  const code = await main(args, output);
  return { code, out: output.out, err: output.err };
}

/** The options every test collection uses: the endpoint, and retries without the SDK's waiting. */
export const testEndpointArgs = (endpoint: string) => ['--endpoint-url', endpoint, '--retry-base-delay-ms', '1'];

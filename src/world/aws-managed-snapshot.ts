/**
 * keyproof's snapshot of the AWS managed policies (data/aws-managed-policies.json.gz, see data/README.md): the
 * default version of each, so that a world attaching one by ARN without its document is evaluated with its real
 * document. Read once per process, only when a world references an AWS managed policy it does not supply; only the
 * lines of the policies looked up are parsed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { InternalError } from '../errors.js';

export interface SnapshotPolicy {
  arn: string;
  versionId: string;
  /** The default version's document, as JSON (unparsed). */
  document: unknown;
}

export interface SnapshotInfo {
  /** The package and version it was generated from. */
  source: string;
  /** The date of the newest policy update it holds (YYYY-MM-DD). */
  asOf: string;
  count: number;
}

const FILE = 'aws-managed-policies.json.gz';

/** data/ is at the package root: two levels above src/world/, three above dist/src/world/. */
function snapshotFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', '..', 'data', FILE), join(here, '..', '..', '..', 'data', FILE)]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new InternalError(`the AWS managed policy snapshot data/${FILE} is missing from the installation`);
}

let text: string | undefined;
let info: SnapshotInfo | undefined;

function snapshotText(): string {
  if (text === undefined) {
    text = gunzipSync(readFileSync(snapshotFile())).toString('utf8');
    info = JSON.parse(text.slice(0, text.indexOf('\n'))) as SnapshotInfo;
  }
  return text;
}

/** Where the snapshot comes from (read on first use). */
export function snapshotInfo(): SnapshotInfo {
  snapshotText();
  return info!;
}

/** The snapshot's default version of an AWS managed policy, if it holds the policy. */
export function snapshotPolicy(arn: string): SnapshotPolicy | undefined {
  const all = snapshotText();
  // Each policy is one line `["ARN","VERSION",DOCUMENT]`; ARNs need no JSON escaping.
  const start = all.indexOf(`\n${JSON.stringify([arn]).slice(0, -1)},`);
  if (start < 0) return undefined;
  const end = all.indexOf('\n', start + 1);
  const [, versionId, document] = JSON.parse(all.slice(start + 1, end < 0 ? undefined : end)) as [string, string, unknown];
  return { arn, versionId, document };
}

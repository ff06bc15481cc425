/**
 * The on-disk layout of an iam-collect file store (github.com/cloud-copilot/iam-collect, docs/Storage.md,
 * "Storage Layout Explained"):
 *
 *   aws/<partition>/accounts/<account-id>/<service>/<region>/<resource-type>/<resource-id>/<name>.json
 *   aws/<partition>/organizations/<organization-id>/{metadata,accounts,ous}.json, ous/, scps/, rcps/
 *
 * Global services (IAM) have no region folder; AWS managed policies sit under `iam/aws/policy/`. iam-collect
 * lower-cases every path and deletes a file whose content would be empty, so an absent file means "none".
 * This module only finds and reads files; what they mean is read by its siblings.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InputWarning } from '../../errors.js';
import type { Located } from '../../input/file-refs.js';
import { SourceText } from '../../input/source-text.js';
import { Where } from '../../input/where.js';

/** Whether `dir` is an iam-collect store: `aws/<partition>/` holding `accounts/` or `organizations/`. */
export function isIamCollectStore(dir: string): boolean {
  return partitionDirs(dir).length > 0;
}

/** The partition folders (`aws/aws`, `aws/aws-cn`, ...) that hold collected data. */
export function partitionDirs(dir: string): string[] {
  const cloud = join(dir, 'aws');
  return subdirs(cloud)
    .map((partition) => join(cloud, partition))
    .filter((p) => isDirectory(join(p, 'accounts')) || isDirectory(join(p, 'organizations')));
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The names of the folders in `path`, sorted (none when it does not exist). */
export function subdirs(path: string): string[] {
  if (!isDirectory(path)) return [];
  return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** The parsed content of a JSON file with its place for messages, or undefined when iam-collect wrote none. */
export function readStoreFile(path: string, warnings: InputWarning[]): Located | undefined {
  if (!existsSync(path)) return undefined;
  const text = SourceText.read(path);
  return { value: text.value, where: Where.ofFile(text, [path], warnings) };
}

/** Like readStoreFile, for a file every resource folder of its kind has (e.g. `metadata.json`). */
export function requireStoreFile(path: string, warnings: InputWarning[], what: string): Located {
  const file = readStoreFile(path, warnings);
  if (!file) throw Where.from({ file: path, pointer: '' }).error(`missing ${what}: an iam-collect store writes this file for every such resource`);
  return file;
}

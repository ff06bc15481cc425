/**
 * Test helper: reads the team's copies of the AWS documentation (markdown with backslash escapes), so that tests
 * can compare the transcribed tables with the page itself. The copies live outside the package, in
 * ../shared beside the repository; set KEYPROOF_AWS_DOCS to point elsewhere. Tests that need them are skipped, with a notice, when they are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// shared/ sits beside the repository (../shared from its root), for developers and CI alike.
const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS_DIR = process.env.KEYPROOF_AWS_DOCS ?? join(REPOSITORY, '..', 'shared', 'reference', 'aws-docs');

export function awsDocPath(relative: string): string {
  return join(DOCS_DIR, relative);
}

export function hasAwsDoc(relative: string): boolean {
  const present = existsSync(awsDocPath(relative));
  if (!present) console.warn(`AWS doc copy ${awsDocPath(relative)} not found: its conformance tests are skipped`);
  return present;
}

/** The page with markdown backslash escapes removed (`\[1\]` -> `[1]`, `multi\-Region` -> `multi-Region`). */
export function readAwsDoc(relative: string): string {
  return readFileSync(awsDocPath(relative), 'utf8').replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
}

export interface BulletItem {
  /** The link text when the item starts with a link, else the item's text. */
  label: string;
  /** 0 for a top-level item, 1 for a nested one. */
  depth: number;
}

/** The bullet items (`+ ...`) right after the line that starts with `lead`, up to the first line that is not one. */
export function bulletItemsAfter(page: string, lead: string): BulletItem[] {
  const lines = page.split('\n');
  const start = lines.findIndex((line) => line.trim().startsWith(lead));
  if (start < 0) throw new Error(`line not found: ${lead}`);
  const items: BulletItem[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^(\s*)\+ (.*)$/.exec(line);
    if (!item) break;
    const link = /^\[([^\]]+)\]/.exec(item[2]!);
    items.push({ label: (link ? link[1]! : item[2]!).trim(), depth: item[1]!.length === 0 ? 0 : 1 });
  }
  return items;
}

/**
 * `{ "$file": "relative/path.json" }` stands for the content of another file, anywhere a document or an AWS CLI
 * output is expected (interface.md section 3). The path is relative to the file holding the reference; problems
 * inside the referenced file are reported with that file's own line:column.
 *
 * A world may come from a source its user does not control (a pull request, a vendor): a reference must stay
 * inside the world's directory tree (the directory of the world file), after following symbolic links, or inside
 * a directory the user allowed (`--allow-file-root`). Nothing outside is read, so nothing outside can be quoted.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative as relativePath, resolve } from 'node:path';
import { isPlainObject, readNonEmptyString } from './read-value.js';
import { describeFsError } from './input-file.js';
import { SourceText } from './source-text.js';
import { Where } from './where.js';

export interface Located<T = unknown> {
  value: T;
  where: Where;
}

const FILE_KEY = '$file';

/** The value itself, or, for a `$file` reference (possibly a chain of them), the content of the referenced file. */
export function followFileRefs(value: unknown, where: Where): Located {
  let current: Located = { value, where };
  while (isPlainObject(current.value) && Object.hasOwn(current.value, FILE_KEY)) {
    current = loadReferencedFile(current.value, current.where);
  }
  return current;
}

/** Is `path` the directory `root` or inside it? (Both already free of symbolic links.) */
function isInside(path: string, root: string): boolean {
  const rel = relativePath(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realDirectory(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/** The file a reference names, checked to stay inside the allowed directories. */
function confinedTarget(path: string, where: Where, refWhere: Where): string {
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw refWhere.error('a "$file" path must be relative to this file and stay inside the world\'s directory (no leading "/", no "..")');
  }
  const target = join(dirname(where.file), path);
  let real: string;
  try {
    real = realpathSync(target);
  } catch (e) {
    throw refWhere.error(`cannot read ${target}: ${describeFsError(e)}`);
  }
  // The world's directory is that of the outermost file: references inside referenced files share it.
  const worldRoot = realDirectory(dirname(where.fileChain[0] ?? where.file));
  const roots = [worldRoot, ...where.fileRoots.map(realDirectory)];
  if (!roots.some((root) => isInside(real, root))) {
    throw refWhere.error(`"$file" ${JSON.stringify(path)} leads outside the world's directory ${worldRoot} (through a symbolic link); pass --allow-file-root DIR to read from another directory`);
  }
  return target;
}

function loadReferencedFile(reference: Record<string, unknown>, where: Where): Located {
  const extra = Object.keys(reference).find((k) => k !== FILE_KEY);
  if (extra !== undefined) {
    throw where.at(extra).keyError(`a "$file" reference takes no other field, found "${extra}"`);
  }
  const refWhere = where.at(FILE_KEY);
  const path = readNonEmptyString(reference[FILE_KEY], refWhere, 'a path relative to this file');
  const target = confinedTarget(path, where, refWhere);
  const seen = where.fileChain.map((f) => resolve(f));
  if (seen.includes(resolve(target))) {
    throw refWhere.error(`"$file" references form a cycle: ${[...where.fileChain, target].join(' -> ')}`);
  }
  const text = SourceText.read(target, (problem) => refWhere.error(problem));
  // A file of plain text rather than a JSON or YAML document (YAML reads it as one string) is not quoted back: it
  // may be anything. A JSON string (a policy as `aws kms get-key-policy --query Policy` prints it) is a document.
  if (typeof text.value === 'string' && !text.quotedString) throw refWhere.error(`${target} holds plain text, not a JSON or YAML document`);
  return { value: text.value, where: Where.ofFile(text, [...where.fileChain, target], where.warnings, where.fileRoots) };
}

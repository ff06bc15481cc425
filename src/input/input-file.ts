/**
 * Reading one input file as text, defensively: inputs may come from pull requests, vendors and collectors. Only a
 * regular file is read (a device such as /dev/zero or a FIFO would never end), up to MAX_INPUT_BYTES, and only
 * UTF-8 text (what AWS stores; anything else is bad input, not silently replaced characters).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** The largest input file read: well above the largest account export, well below what exhausts memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Why a file could not be read, worded for the user (no location: the caller places it). */
export class UnreadableFile extends Error {}

function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'it is a directory';
  if (stats.isFIFO()) return 'it is a pipe, not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  return code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Runs `read` and gives back, with its value, every input file it read (through readInputFile): a world with its
 * `$file` references, an iam-collect store's files, a supplement. `--out` refuses each of them (issue 12.6). (A read
 * that fails throws out of `read`, so no file read in part is missed.)
 */
export function recordFilesRead<T>(read: () => T): { value: T; files: string[] } {
  const files = new Set<string>();
  const value = recordingReads((file) => files.add(file), read);
  return { value, files: [...files] };
}

/** The file's text; throws UnreadableFile saying why not. */
export function readInputFile(file: string, maxBytes = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    // stat first: opening a FIFO would block until a writer comes.
    const notRegular = kindOf(statSync(file));
    if (notRegular) throw new UnreadableFile(notRegular);
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (e instanceof UnreadableFile) throw e;
    throw new UnreadableFile(describeFsError(e));
  }
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    const notRegular = kindOf(stats);
    if (notRegular) throw new UnreadableFile(notRegular);
    if (stats.size > maxBytes) throw new UnreadableFile(`it is larger than the limit of ${maxBytes / (1024 * 1024)} MB`);
    bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    bytes = bytes.subarray(0, read);
  } catch (e) {
    if (e instanceof UnreadableFile) throw e;
    throw new UnreadableFile(describeFsError(e));
  } finally {
    closeSync(fd);
  }
  reading?.(file, bytes);
  return decodeUtf8(bytes);
}

/** Set while a load records the files it reads (src/world/world-cache.ts). */
let reading: ((file: string, bytes: Buffer) => void) | undefined;

/** Runs `load`, telling `read` of every file it reads with readInputFile. */
export function recordingReads<T>(read: (file: string, bytes: Buffer) => void, load: () => T): T {
  const outer = reading;
  reading = (file, bytes) => { outer?.(file, bytes); read(file, bytes); };
  try {
    return load();
  } finally {
    reading = outer;
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = bytes.toString('utf8');
    const at = text.indexOf('\uFFFD');
    const line = text.slice(0, at).split('\n').length;
    throw new UnreadableFile(`it is not UTF-8 text (an invalid byte sequence on line ${line})`);
  }
}

/**
 * `audit --cache DIR`: each key's answer (its part, key-part.ts) in a file named by the content hash of what the
 * answer depends on (cache-key.ts). Files are written atomically (a temporary file, then a rename), so a reader
 * never sees half a file; an entry that cannot be read back is ignored with a warning, and answered again.
 * Only complete answers are kept: a question that timed out is asked again next time.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import type { KeyAuditPart } from './key-part.js';

const FORMAT = 'keyproof-audit-cache-entry';

interface CacheEntry {
  format: typeof FORMAT;
  hash: string;
  part: KeyAuditPart;
}

/** A sanity check of what a file holds: the shape a part must have, for the key and hash expected. */
function isEntry(value: unknown, hash: string, keyArn: string): value is CacheEntry {
  const entry = value as Partial<CacheEntry> | null;
  const part = entry?.part as Partial<KeyAuditPart> | undefined;
  return typeof entry === 'object' && entry !== null && entry.format === FORMAT && entry.hash === hash
    && typeof part === 'object' && part !== null && part.key === keyArn && typeof part.table === 'object' && part.table !== null
    && Array.isArray(part.findings) && Array.isArray(part.undecided) && part.undecided.length === 0
    && typeof part.graph === 'object' && part.graph !== null && Array.isArray(part.graph.nodes) && Array.isArray(part.graph.edges);
}

export class AuditCache {
  constructor(private readonly directory: string, private readonly warn: (message: string) => void) {
    try {
      mkdirSync(directory, { recursive: true });
    } catch (error) {
      throw new InputError(undefined, `--cache ${directory}: cannot create the directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }

  private fileOf(hash: string): string {
    return join(this.directory, `${hash}.json`);
  }

  /** The stored answer for the key under this hash, if there is a readable one (at the positions it was stored with). */
  get(hash: string, keyArn: string): KeyAuditPart | undefined {
    const file = this.fileOf(hash);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      entry = undefined;
    }
    if (!isEntry(entry, hash, keyArn)) {
      this.warn(`--cache: ignoring the unreadable cache entry ${file} for ${keyArn}; asking again`);
      return undefined;
    }
    return entry.part;
  }

  /** Stores a complete answer; an incomplete one is not kept. */
  put(hash: string, part: KeyAuditPart): void {
    if (part.undecided.length > 0) return;
    const file = this.fileOf(hash);
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const entry: CacheEntry = { format: FORMAT, hash, part };
    try {
      writeFileSync(temporary, JSON.stringify(entry));
      renameSync(temporary, file);
    } catch (error) {
      this.warn(`--cache: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); the answer is not cached`);
    }
  }
}

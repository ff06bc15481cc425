/**
 * A cached key answer (`audit --cache`) cites statements by file, JSON pointer, line and column. The cache key
 * ignores lines and columns (positionFreeHash), so that an edit that only moves text, a statement added to
 * another key's policy above, say, does not invalidate every answer below it. On reading an answer back, each
 * location it cites is moved to where the current world has that file and pointer: as an object
 * ({file, pointer, line, column}) or as formatted text ("file:line:column (at pointer)"). A location the current
 * world does not have, or location text that cannot be read, makes the entry unusable: it is asked again.
 */
import { formatLocation, type SourceLocation } from '../../errors.js';
import { isLocation } from '../../world/content-hash.js';
import type { World } from '../../world/model.js';

/** Formatted location text: `FILE:LINE:COLUMN (at POINTER)`, the file possibly holding colons itself. */
const LOCATION_TEXT = /^(.+):(\d+):(\d+) \(at (\/.*)\)$/;
/** Anything that looks like a formatted location somewhere inside a text. */
const LOCATION_INSIDE = /:\d+:\d+ \(at \//;

const slot = (file: string, pointer: string) => `${file}\u0000${pointer}`;

class Unplaceable extends Error {}

export class LocationIndex {
  private readonly byPlace = new Map<string, SourceLocation>();

  constructor(world: World) {
    const seen = new Set<object>();
    const walk = (value: unknown): void => {
      if (typeof value !== 'object' || value === null || seen.has(value)) return;
      seen.add(value);
      if (value instanceof Map) { for (const [k, v] of value) { walk(k); walk(v); } return; }
      if (Array.isArray(value) || value instanceof Set) { for (const v of value) walk(v); return; }
      if (isLocation(value)) {
        const place = slot(value.file, value.pointer);
        if (!this.byPlace.has(place)) this.byPlace.set(place, value);
      }
      for (const v of Object.values(value)) walk(v);
    };
    walk(world);
  }

  private current(file: string, pointer: string): SourceLocation {
    const location = this.byPlace.get(slot(file, pointer));
    if (!location) throw new Unplaceable();
    return location;
  }

  private move(value: unknown): unknown {
    if (typeof value === 'string') {
      const text = LOCATION_TEXT.exec(value);
      if (text) return formatLocation(this.current(text[1]!, text[4]!));
      if (LOCATION_INSIDE.test(value)) throw new Unplaceable();
      return value;
    }
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => this.move(v));
    const moved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) moved[k] = this.move(v);
    if (isLocation(value) && (value.line !== undefined || value.column !== undefined)) {
      const now = this.current(value.file, value.pointer);
      delete moved.line;
      delete moved.column;
      if (now.line !== undefined) moved.line = now.line;
      if (now.column !== undefined) moved.column = now.column;
    }
    return moved;
  }

  /** The answer with every location where the current world has it; undefined when one cannot be placed. */
  relocate<T>(value: T): T | undefined {
    try {
      return this.move(value) as T;
    } catch (error) {
      if (error instanceof Unplaceable) return undefined;
      throw error;
    }
  }
}

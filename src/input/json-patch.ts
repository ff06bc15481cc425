/**
 * JSON Patch (RFC 6902) operations `add`, `remove` and `replace`, applied to a copy of a plain JSON value. A fix is
 * shown as a patch of the world file, and checked by applying it and asking the question again.
 */
import { parsePointer } from './pointer.js';

export type JsonPatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: unknown };

/** Thrown when a path does not name a place of the document (RFC 6902 section 5: the patch is not applied). */
export class PatchError extends Error {}

type Container = Record<string, unknown> | unknown[];

function parentOf(document: unknown, path: string): { parent: Container; last: string } {
  const segments = parsePointer(path);
  const last = segments.pop();
  if (last === undefined) throw new PatchError('a patch cannot replace the whole document');
  let node: unknown = document;
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (typeof node === 'object' && node !== null && Object.hasOwn(node, segment)) node = (node as Record<string, unknown>)[segment];
    else throw new PatchError(`${path}: no such place in the document`);
    if (typeof node !== 'object' || node === null) throw new PatchError(`${path}: no such place in the document`);
  }
  if (typeof node !== 'object' || node === null) throw new PatchError(`${path}: no such place in the document`);
  return { parent: node as Container, last };
}

function index(parent: unknown[], last: string, path: string, forAdd: boolean): number {
  if (forAdd && last === '-') return parent.length;
  const i = /^(0|[1-9]\d*)$/.test(last) ? Number(last) : NaN;
  if (!(i >= 0 && i < parent.length + (forAdd ? 1 : 0))) throw new PatchError(`${path}: no such array index`);
  return i;
}

export function applyJsonPatch<T>(document: T, operations: readonly JsonPatchOperation[]): T {
  const copy = structuredClone(document);
  for (const operation of operations) {
    const { parent, last } = parentOf(copy, operation.path);
    if (Array.isArray(parent)) {
      const i = index(parent, last, operation.path, operation.op === 'add');
      if (operation.op === 'add') parent.splice(i, 0, structuredClone(operation.value));
      else if (operation.op === 'remove') parent.splice(i, 1);
      else parent[i] = structuredClone(operation.value);
    } else {
      if (operation.op !== 'add' && !Object.hasOwn(parent, last)) throw new PatchError(`${operation.path}: no such member`);
      if (operation.op === 'remove') delete parent[last];
      else Object.defineProperty(parent, last, { value: structuredClone(operation.value), enumerable: true, writable: true, configurable: true });
    }
  }
  return copy;
}

/**
 * Operations that a question cannot tell apart, so that Z3 is asked once per class instead of once per
 * operation (an audit asks about 40 operations on every key for every caller). Two operations are alike when
 * every property the lowering reads is the same (src/kms/operations.ts, the key state's effect on them) and
 * they match every string of the question's program alike (action patterns of every statement, grant
 * operations, and the rules' own constants), with and without case (actions compare without case,
 * iam/reference_policies_elements_action.md). The rules compare the action with nothing else, so the answer for
 * one is the answer for all; every operation's example is still checked by the reference evaluator.
 */
import type { Pattern, Program } from '../ir/ast.js';
import { printPattern } from '../ir/pattern.js';
import { stateBlocksOperation } from '../kms/key-states.js';
import type { KmsOperation } from '../kms/operations.js';
import { hasWildcard, matchesWildcard } from '../policy/wildcard.js';
import type { Key } from '../world/model.js';
import { forEachString } from './strings-in.js';

const PATTERN_PARTS = new Set(['text', 'any', 'one', 'var']);

/** A pattern of the intermediate form (src/ir/pattern.ts): a list of text, wildcard and variable parts. */
function isPattern(value: unknown): value is Pattern {
  return Array.isArray(value) && value.length > 0
    && value.every((p) => p !== null && typeof p === 'object' && PATTERN_PARTS.has((p as { kind?: string }).kind ?? ''));
}

/** The program's constants, patterns printed back to their `*`/`?` text; `variables` when a pattern holds one. */
function constantsOf(program: Program): { strings: Set<string>; variables: boolean } {
  const strings = new Set<string>();
  let variables = false;
  const visit = (value: unknown): void => {
    if (isPattern(value)) {
      if (value.some((p) => p.kind === 'var')) variables = true;
      else strings.add(printPattern(value).replace(/\\(.)/g, '$1'));
      return;
    }
    if (Array.isArray(value)) { for (const item of value) visit(item); return; }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (k !== 'provenance') visit(v);
      return;
    }
    forEachString(value, (s) => strings.add(s));
  };
  visit(program.rules);
  return { strings, variables };
}

export function operationClasses(program: Program, key: Key, operations: readonly KmsOperation[]): KmsOperation[][] {
  const { strings, variables } = constantsOf(program);
  // A policy variable in some pattern could stand for an action: ask about each operation.
  if (variables) return operations.map((op) => [op]);
  const patterns = [...strings].filter(hasWildcard);
  const lower = new Set([...strings].map((s) => s.toLowerCase()));
  const classes = new Map<string, KmsOperation[]>();
  for (const op of operations) {
    const { name: _name, action, api, ...properties } = op;
    const named = strings.has(action) || lower.has(action.toLowerCase()) || strings.has(api) || strings.has(op.name);
    const signature = JSON.stringify([
      properties, stateBlocksOperation(key.state, op.name).blocked,
      named ? action : '',
      patterns.map((p) => `${matchesWildcard(p, action) ? 1 : 0}${matchesWildcard(p, action, { ignoreCase: true }) ? 1 : 0}`).join(''),
    ]);
    classes.set(signature, [...(classes.get(signature) ?? []), op]);
  }
  return [...classes.values()];
}

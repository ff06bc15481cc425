/**
 * `query`: answers a question typed in the audit query language (grammar/query.ohm), e.g.
 * `who can kms:Decrypt on alias/app-key`, with the same object the matching command prints as JSON;
 * `which keys are public|external` answers with src/questions/access/exposed-keys.ts.
 */
import type { CheckAnswer } from '../answer.js';
import { limitsOf } from '../engine/limits.js';
import type { Query } from '../query/ast.js';
import { parseQuery } from '../query/parse.js';
import { operationsOf, resolveQuery } from '../query/resolve.js';
import { hasWildcard } from '../policy/wildcard.js';
import { argumentsObject, optionalPositiveInteger, stringArgument, worldArgument } from './arguments.js';
import { exposedKeys, type ExposedKeysResult, type ExposureQuestion } from '../questions/access/exposed-keys.js';
import type { WhatCanResult } from '../questions/access/what-can.js';
import type { WhoCanResult } from '../questions/access/who-can.js';
import type { World } from '../world/model.js';
import { check } from './check.js';
import { z3Engine } from './engine-instance.js';
import { whatCan } from './what-can.js';
import { whoCan } from './who-can.js';

export type QueryAnswer =
  | { kind: 'who-can'; result: WhoCanResult }
  /** `who can kms:Get* on KEY`: one who-can answer per operation the pattern covers. */
  | { kind: 'who-can-pattern'; action: string; result: WhoCanResult[] }
  | { kind: 'can'; result: CheckAnswer }
  /** `can P kms:Get* KEY`: one check per operation the pattern covers. */
  | { kind: 'can-pattern'; action: string; result: Array<{ action: string; result: CheckAnswer }> }
  | { kind: 'what-can'; result: WhatCanResult }
  /** `why can't P A K`: the check, with `whyNot` on a DENY (the changes that would allow it). */
  | { kind: 'why-not'; result: CheckAnswer }
  /** `why can't P kms:Get* K`: one such check per operation the pattern covers. */
  | { kind: 'why-not-pattern'; action: string; result: Array<{ action: string; result: CheckAnswer }> }
  | { kind: 'which-keys'; result: ExposedKeysResult };

export interface QueryOptions {
  /** Time limit per solver query in milliseconds. */
  timeoutMs?: number;
}

export async function query(world: World, text: string, options: QueryOptions = {}): Promise<QueryAnswer> {
  worldArgument(world, 'query');
  const question = stringArgument(text, 'query(text)');
  optionalPositiveInteger(argumentsObject(options, 'query(options)')['timeoutMs'], 'query: timeoutMs');
  return answerQuery(world, resolveQuery(world, parseQuery(question)), options);
}

/** Answers a query whose short names are already resolved (the CLI keeps the resolved query to print it). */
export async function answerQuery(world: World, q: Query, options: QueryOptions = {}): Promise<QueryAnswer> {
  const limits = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {};
  switch (q.kind) {
    case 'who-can': {
      if (!hasWildcard(q.action)) return { kind: 'who-can', result: await whoCan(world, { key: q.key, action: q.action, ...limits }) };
      const results: WhoCanResult[] = [];
      for (const operation of operationsOf(q.action, 'query')) results.push(await whoCan(world, { key: q.key, action: operation.action, ...limits }));
      return { kind: 'who-can-pattern', action: q.action, result: results };
    }
    case 'can': {
      const ask = (action: string) => check(world, { principal: q.principal, action, key: q.key, context: q.context, transitive: q.transitive, ...limits });
      if (!hasWildcard(q.action)) return { kind: 'can', result: await ask(q.action) };
      const results: Array<{ action: string; result: CheckAnswer }> = [];
      for (const operation of operationsOf(q.action, 'query')) results.push({ action: operation.action, result: await ask(operation.action) });
      return { kind: 'can-pattern', action: q.action, result: results };
    }
    case 'why-not': {
      const ask = (action: string) => check(world, { principal: q.principal, action, key: q.key, context: q.context, transitive: q.transitive, whyNot: true, ...limits });
      if (!hasWildcard(q.action)) return { kind: 'why-not', result: await ask(q.action) };
      const results: Array<{ action: string; result: CheckAnswer }> = [];
      for (const operation of operationsOf(q.action, 'query')) results.push({ action: operation.action, result: await ask(operation.action) });
      return { kind: 'why-not-pattern', action: q.action, result: results };
    }
    case 'what-can':
      return { kind: 'what-can', result: await whatCan(world, { principal: q.principal, ...limits }) };
    case 'which-keys':
      return { kind: 'which-keys', result: await whichKeys(world, q.exposure, options) };
  }
}

/** The keys that anyone (`public`), or anyone outside the organization (`external`), can use. */
export async function whichKeys(world: World, exposure: ExposureQuestion, options: QueryOptions = {}): Promise<ExposedKeysResult> {
  const engine = await z3Engine();
  return exposedKeys(engine.runtime, world, exposure, limitsOf({ timeoutMs: options.timeoutMs }));
}

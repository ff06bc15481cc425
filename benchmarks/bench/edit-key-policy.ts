/**
 * The edit of the incremental re-audit measurement: one statement added to the first key's policy, in the file
 * that holds it (a world file, or the `get-key-policy` output it references), found by the policy's location.
 * The benchmark runs it on a copy of the world (audit-budget.ts), never on the world it generated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { World } from '../../src/index.js';

const ADDED = { Sid: 'BenchmarkEdit', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' };

function addStatement(policy: unknown): unknown {
  if (typeof policy === 'string') return JSON.stringify(addStatement(JSON.parse(policy)));
  const document = policy as { Policy?: unknown; Statement?: unknown };
  if (document.Policy !== undefined) return { ...document, Policy: addStatement(document.Policy) };
  const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];
  return { ...document, Statement: [...statements, ADDED] };
}

/** Adds the statement; returns what it changed. */
export function editOneKeyPolicy(world: World): string {
  const key = world.keys.values().next().value;
  if (!key) throw new Error('the world has no key to edit');
  const { file, pointer } = key.policy.document.location;
  const yaml = /\.ya?ml$/i.test(file);
  const text = readFileSync(file, 'utf8');
  const root = (yaml ? parse(text) : JSON.parse(text)) as unknown;
  const path = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let edited: unknown;
  if (path.length === 0) {
    edited = addStatement(root);
  } else {
    let parent = root as Record<string, unknown>;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string, unknown>;
    const last = path[path.length - 1]!;
    parent[last] = addStatement(parent[last]);
    edited = root;
  }
  writeFileSync(file, yaml ? stringify(edited) : JSON.stringify(edited, null, 2));
  return `added a Deny statement to the policy of ${key.arn} in ${file}`;
}

/**
 * Self-tests of the generators and the serialiser: every generated world passes the loader's validation (through
 * the same parseWorld the CLI uses), survives being written as a world file and read back, uses every feature the
 * differential test is meant to exercise, and every generated request is one `keyproof check` accepts.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { parseWorld } from '../../src/world/load.js';
import type { World } from '../../src/world/model.js';
import { KEY_STATES } from '../../src/world/key-state.js';
import { loadNativeWorld, nativeWorldArb } from './arbitrary-world.js';
import { requestChoiceArb, resolveRequest } from './arbitrary-request.js';
import { diffCaseArb, prepareCase } from './diff-case.js';
import { worldFeatures } from './feature-census.js';
import { serialiseWorld, worldToYaml } from './serialise-world.js';
import { CONDITION_KEYS, OPERATORS_OF } from './vocabulary.js';

const SEED = 7;

/** The world without what depends on where it was read from (file name, line:column, pointers). */
function comparable(world: World): unknown {
  return JSON.parse(JSON.stringify(world, (key, value: unknown) => {
    if (key === 'location' || key === 'file') return undefined;
    return value instanceof Map ? Object.fromEntries(value) : value;
  }));
}

describe('generated worlds', () => {
  test('load through parseWorld, as JSON and as YAML, like the fast path the differential test uses', () => {
    fc.assert(fc.property(nativeWorldArb, (native) => {
      const fast = comparable(loadNativeWorld(native));
      expect(comparable(parseWorld(JSON.stringify(native), 'generated.json'))).toEqual(fast);
      expect(comparable(parseWorld(stringify(native), 'generated.yaml'))).toEqual(fast);
    }), { seed: SEED, numRuns: 150 });
  });

  test('serialise to a world file that reads back as the same world', () => {
    fc.assert(fc.property(nativeWorldArb, (native) => {
      const world = loadNativeWorld(native);
      expect(comparable(parseWorld(worldToYaml(world, ['a header comment']), 'roundtrip.yaml'))).toEqual(comparable(world));
      // Serialising is stable: the written form of the reread world is the written form of the world.
      expect(serialiseWorld(parseWorld(JSON.stringify(serialiseWorld(world)), 'again.json'))).toEqual(serialiseWorld(world));
    }), { seed: SEED, numRuns: 150 });
  });

  test('use every feature the differential test is meant to exercise, in at least 1% of the worlds', () => {
    const runs = 1000;
    const counts = new Map<string, number>();
    for (const native of fc.sample(nativeWorldArb, { seed: SEED, numRuns: runs })) {
      for (const f of worldFeatures(loadNativeWorld(native))) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    const expected = [
      '1 account(s)', '2 account(s)', '3 account(s)', 'organization', 'scp allow-list without kms', 'scp:Deny', 'rcp:Deny',
      'organizational units', 'scp at an OU', 'rcp at an OU', 'scp allow-list without kms at an OU',
      'user with inline policy', 'user with managed policy', 'user in group', 'user with permissions boundary',
      'role with permissions boundary', 'role without trust policy', 'service-linked role', 'trust cycle', 'sts action',
      'missing AWS managed policy',
      'trust:Principal user', 'trust:Principal role', 'trust:Principal account', 'trust:Principal *', 'trust:Principal service',
      'trust:Deny',
      ...KEY_STATES.map((s) => `key state ${s}`),
      'key policy:Allow', 'key policy:Deny', 'key policy:NotPrincipal', 'key policy:Allow NotPrincipal', 'key policy:NotAction', 'key policy:NotResource',
      'key policy:no Resource', 'key policy:Principal user', 'key policy:Principal role', 'key policy:Principal session',
      'key policy:Principal *', 'key policy:Principal service', 'key policy:Principal account',
      'action kms:*', 'action kms:Re*', 'action kms:Decrypt', 'action kms:Get*',
      ...[...new Set(Object.values(OPERATORS_OF).flat())].map((op) => `operator ${op}`), 'operator Null',
      'operator ...IfExists', 'operator ForAnyValue:', 'operator ForAllValues:',
      ...CONDITION_KEYS.map((spec) => `condition key ${spec.key}`), 'condition key aws:PrincipalOrgID',
      'grant', 'grant to service', 'grant EncryptionContextSubset', 'grant EncryptionContextEquals',
    ];
    const rare = expected.filter((f) => (counts.get(f) ?? 0) < runs / 100).map((f) => `${f}: ${counts.get(f) ?? 0}`);
    console.log(`features over ${runs} worlds:\n${[...counts].sort().map(([f, n]) => `${String(n).padStart(5)}  ${f}`).join('\n')}`);
    expect(rare).toEqual([]);
  });
});

describe('generated requests', () => {
  test('are accepted by keyproof check and name a principal, an operation and a key of the world', () => {
    fc.assert(fc.property(diffCaseArb, (diffCase) => {
      const { world, request, kmsRequest } = prepareCase(diffCase);
      if ('key' in kmsRequest) expect(kmsRequest.key.arn === request.key || world.aliases.get(request.key!) === kmsRequest.key.arn).toBe(true);
      else expect(request.key).toBeUndefined();
      expect(request.action).toBe(kmsRequest.operation.action);
    }), { seed: SEED, numRuns: 300 });
  });

  test('cover every kind of principal, transitive or not, with and without context and aliases', () => {
    const seen = new Set<string>();
    for (const { world, choice } of fc.sample(fc.record({ world: nativeWorldArb, choice: requestChoiceArb }), { seed: SEED, numRuns: 500 })) {
      const loaded = loadNativeWorld(world);
      const request = resolveRequest(loaded, choice);
      const kind = request.principal.endsWith('.amazonaws.com') ? 'service'
        : request.principal.includes(':assumed-role/') ? 'session'
          : request.principal.endsWith(':root') ? (loaded.accounts.has(request.principal.split(':')[4]!) ? 'root' : 'external root')
            : request.principal.includes(':role/') ? 'role' : 'user';
      seen.add(kind);
      seen.add(request.transitive ? 'transitive' : 'direct');
      seen.add(request.context.length > 0 ? 'with context' : 'without context');
      if (request.key?.includes(':alias/')) seen.add('via alias');
      if (request.key === undefined) seen.add(request.account !== undefined ? 'no key, named account' : 'no key');
    }
    expect([...seen].sort()).toEqual([
      'direct', 'external root', 'no key', 'no key, named account', 'role', 'root', 'service', 'session', 'transitive', 'user', 'via alias',
      'with context', 'without context',
    ]);
  });
});

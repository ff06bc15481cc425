/** Lowering real worlds: the intermediate form it writes prints and parses back unchanged, and names its sources. */
import { describe, expect, test } from 'vitest';
import { lowerQuestion } from '../../src/ir/lower/question.js';
import { parseProgram } from '../../src/ir/parse.js';
import { printProgram } from '../../src/ir/print.js';
import { loadWorld } from '../../src/world/load.js';

const WORLDS = ['examples/world.yaml', 'examples/seed-bob.yaml', 'examples/seed-alice.yaml'];

describe.each(WORLDS)('lowering %s', (file) => {
  const world = loadWorld(file);
  for (const key of world.keys.values()) {
    test(`key ${key.id}: parse(print(lower(world))) equals lower(world)`, () => {
      const program = lowerQuestion(world, { kind: 'kms', key });
      expect(parseProgram(printProgram(program))).toEqual(program);
    });
  }

  test('every statement rule carries its provenance (policy, sid, file and JSON pointer)', () => {
    const key = [...world.keys.values()][0]!;
    const statements = lowerQuestion(world, { kind: 'kms', key }).rules.filter((r) => r.head.predicate === 'statement');
    expect(statements.length).toBeGreaterThan(0);
    for (const rule of statements) {
      expect(rule.provenance).toMatchObject({ policy: expect.any(String), sid: expect.any(String), at: expect.stringMatching(/^\//) });
      expect(rule.provenance!.file).toContain(file);
    }
  });
});

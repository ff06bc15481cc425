/**
 * The printer and the parser are inverse on canonical programs, printing is idempotent, and the parser's fast
 * path for facts reads exactly what the grammar reads. A failure prints the seed, the path and the counterexample.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseProgram, parseProgramWithGrammarOnly } from '../../src/ir/parse.js';
import { printProgram } from '../../src/ir/print.js';
import { arbitraryFact, arbitraryProgram } from './arbitrary-ir.js';

const SEED = 42;

describe('IR round trip', () => {
  test('parseProgram(printProgram(p)) deep-equals p, and printing again gives the same text', () => {
    fc.assert(
      fc.property(arbitraryProgram, (program) => {
        const text = printProgram(program);
        const parsed = parseProgram(text);
        expect(parsed).toEqual(program);
        expect(printProgram(parsed)).toBe(text);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  test('the fast path for facts agrees with the grammar', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFact, { minLength: 1, maxLength: 5 }), (rules) => {
        const text = printProgram({ rules });
        expect(parseProgram(text)).toEqual(parseProgramWithGrammarOnly(text));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('whole programs read the same with and without the fast path', () => {
    fc.assert(
      fc.property(arbitraryProgram, (program) => {
        const text = printProgram(program);
        expect(parseProgramWithGrammarOnly(text)).toEqual(parseProgram(text));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

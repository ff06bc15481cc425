/**
 * The Ohm grammar of the intermediate form (grammar/ir.ohm), compiled once when this module loads.
 * The .ohm file ships with the package; it is found from src/ir (tests, from source) or dist/src/ir (built).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ohm from 'ohm-js';
import { InternalError } from '../errors.js';

function grammarFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const candidate = join(here, up, 'grammar', 'ir.ohm');
    if (existsSync(candidate)) return candidate;
  }
  throw new InternalError('the grammar grammar/ir.ohm is missing from the installation');
}

export const irGrammar: ohm.Grammar = ohm.grammar(readFileSync(grammarFile(), 'utf8'));

/**
 * Words the grammar reserves (rule `keyword`): they cannot name a predicate. Kept here too so that the printer
 * can refuse to write a predicate the parser would not read back; a test checks the two lists agree.
 */
export const IR_KEYWORDS: readonly string[] = [
  'not', 'present', 'ctx', 'any', 'all', 'true', 'false', 'in', 'in_i', 'like', 'arn_like', 'ip', 'bool', 'bin',
  'num', 'date',
];

/** The lexical shapes of names (rules `predicate` and `variable`, without the keyword check). */
export const PREDICATE_SHAPE = /^[a-z][A-Za-z0-9_]*$/;
export const VARIABLE_SHAPE = /^[A-Z_][A-Za-z0-9_]*$/;

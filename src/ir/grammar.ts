/**
 * The Ohm grammar of the intermediate form (grammar/ir.ohm), built once when this module loads.
 */
import type * as ohm from 'ohm-js';
// Generated from grammar/ir.ohm by `npm run grammar` (part of `npm run build`): Ohm's precompiled recipe
// loads in tens of milliseconds, where compiling the .ohm text at start-up took about half a second.
import irGrammarBundle from './generated/ir.ohm-bundle.js';

export const irGrammar: ohm.Grammar = irGrammarBundle;

/**
 * Words the grammar reserves (rule `keyword`): they cannot name a predicate. Kept here too so that the printer
 * can refuse to write a predicate the parser would not read back; a test checks the two lists agree.
 */
export const IR_KEYWORDS: readonly string[] = [
  'not', 'present', 'ctx', 'any', 'all', 'true', 'false', 'in', 'in_i', 'like', 'like_i', 'arn_like', 'ip', 'bool', 'bin',
  'num', 'date',
];

/** The lexical shapes of names (rules `predicate` and `variable`, without the keyword check). */
export const PREDICATE_SHAPE = /^[a-z][A-Za-z0-9_]*$/;
export const VARIABLE_SHAPE = /^[A-Z_][A-Za-z0-9_]*$/;

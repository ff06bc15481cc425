/**
 * The Ohm grammar of the audit query language (grammar/query.ohm), built once when this module loads.
 */
import type * as ohm from 'ohm-js';
// Generated from grammar/query.ohm by `npm run grammar` (part of `npm run build`), like the intermediate form's
// grammar (src/ir/grammar.ts): the precompiled recipe loads faster than compiling the .ohm text at start-up.
import queryGrammarBundle from './generated/query.ohm-bundle.js';

export const queryGrammar: ohm.Grammar = queryGrammarBundle;

/** Parses the text of `keyproof query` (grammar/query.ohm) into a Query. */
import type * as ohm from 'ohm-js';
import { InputError, type SourceLocation } from '../errors.js';
import type { Query } from './ast.js';
import { queryGrammar } from './grammar.js';

/** The file name a query's syntax errors are reported against. */
export const QUERY_SOURCE = '<query>';

export function parseQuery(text: string): Query {
  const match = queryGrammar.match(text);
  if (match.failed()) throw syntaxError(match, text);
  return semantics(match)['query']() as Query;
}

/** The grammar allows no newline, so the failure offset is the column on line 1. */
function syntaxError(match: ohm.FailedMatchResult, text: string): InputError {
  const position = match.getRightmostFailurePosition();
  const location: SourceLocation = { file: QUERY_SOURCE, pointer: '', line: 1, column: position + 1 };
  return new InputError(location, `expected ${match.getExpectedText()}; found ${foundAt(text, position)}`);
}

function foundAt(text: string, position: number): string {
  if (position >= text.length) return 'the end of the query';
  const word = /^\S*/.exec(text.slice(position))![0];
  return word === '' ? `'${text[position] === '\n' ? '\\n' : text[position]}'` : `'${word}'`;
}

/**
 * An encryption-context pair is the common case in a `with` clause, so a key without a colon names one
 * (`Department=Finance` is `kms:EncryptionContext:Department=Finance`); a key with a colon is a condition key.
 */
function contextEntry(key: string, value: string): string {
  return key.includes(':') ? `${key}=${value}` : `kms:EncryptionContext:${key}=${value}`;
}

const semantics = queryGrammar.createSemantics();

function whyNot(principal: ohm.Node, action: ohm.Node, key: ohm.Node, withClause: ohm.Node, through: ohm.Node): Query {
  const context: string[] = withClause.children.flatMap((w) => w['context']() as string[]);
  return {
    kind: 'why-not', principal: principal.sourceString, action: action.sourceString, key: key.sourceString,
    context, transitive: through.children.length > 0,
  };
}

semantics.addOperation<Query>('query', {
  Query(question, _questionMark) {
    return question['query']() as Query;
  },
  WhoCan(_who, _can, action, _on, key) {
    return { kind: 'who-can', action: action.sourceString, key: key.sourceString };
  },
  Can(_can, principal, action, _on, key, withClause, through) {
    const context: string[] = withClause.children.flatMap((w) => w['context']() as string[]);
    return {
      kind: 'can', principal: principal.sourceString, action: action.sourceString, key: key.sourceString,
      context, transitive: through.children.length > 0,
    };
  },
  WhyNot_negated(_why, _negation, principal, action, _on, key, withClause, through) {
    return whyNot(principal, action, key, withClause, through);
  },
  WhyNot_notAfter(_why, _can, principal, _not, action, _on, key, withClause, through) {
    return whyNot(principal, action, key, withClause, through);
  },
  WhatCan(_what, _can, principal, _do) {
    return { kind: 'what-can', principal: principal.sourceString };
  },
  WhichKeys(_which, _keys, _are, exposure) {
    return { kind: 'which-keys', exposure: exposure.sourceString.trim().toLowerCase() as 'public' | 'external' };
  },
});

semantics.addOperation<string[]>('context', {
  With(_with, pairs) {
    return pairs.asIteration().children.map((pair) => pair['entry']() as string);
  },
});

semantics.addOperation<string>('entry', {
  Pair(key, _eq, value) {
    return contextEntry(key.sourceString, value['value']() as string);
  },
});

semantics.addOperation<string>('value', {
  quoted(_open, chars, _close) {
    return chars.sourceString;
  },
  word(_chars) {
    return this.sourceString;
  },
});

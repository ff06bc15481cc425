/**
 * The table of phrasings (test/query/phrasings.table.ts, issue 17 item 5): each question parses and resolves on
 * examples/world.yaml to the meaning the table gives, or fails with the error it gives. Parsing and name resolution
 * only: the answers themselves are query.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Query } from '../../src/query/ast.js';
import { parseQuery } from '../../src/query/parse.js';
import { resolveQuery } from '../../src/query/resolve.js';
import { loadWorld } from '../../src/world/load.js';
import { NAMES, PHRASINGS } from './phrasings.table.js';

const world = loadWorld('examples/world.yaml');

const named = (word: string) => NAMES[word] ?? word;

/** The compact meaning of the table (see phrasings.table.ts) as a resolved Query. */
function meaning(compact: string): Query {
  const [kind, ...rest] = compact.split(' ');
  switch (kind) {
    case 'who-can':
      return { kind, action: rest[0]!, key: named(rest[1]!) };
    case 'can':
    case 'why-not': {
      const [principal, action, key, ...more] = rest;
      const transitive = more[0] === 'transitive';
      // A context value may hold spaces: a pair runs to the next word that starts a new pair (has `=`).
      const pairs: string[] = [];
      for (const word of transitive ? more.slice(1) : more) {
        if (word.includes('=') || pairs.length === 0) pairs.push(word);
        else pairs[pairs.length - 1] += ` ${word}`;
      }
      return { kind, principal: named(principal!), action: action!, key: named(key!), context: pairs, transitive } as Query;
    }
    case 'what-can':
      return { kind, principal: named(rest[0]!) };
    case 'which-keys':
      return { kind, exposure: rest[0] as 'public' | 'external' };
    default:
      throw new Error(`bad table row: ${compact}`);
  }
}

describe('query phrasings', () => {
  it('has at least 100 phrasings', () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(100);
  });

  it.each(PHRASINGS)('%j means %s', (text, expected) => {
    const error = /^error (\d+) (.*)$/.exec(expected);
    if (!error) {
      expect(resolveQuery(world, parseQuery(text))).toEqual(meaning(expected));
      return;
    }
    const [, column, message] = error;
    let thrown: unknown;
    try {
      resolveQuery(world, parseQuery(text));
    } catch (e) {
      thrown = e;
    }
    expect(thrown, `no error for ${JSON.stringify(text)}`).toBeInstanceOf(InputError);
    const inputError = thrown as InputError;
    if (column === '0') {
      // A name error: no column, the argument named, and the candidates listed for a name not found.
      expect(inputError.location).toBeUndefined();
      expect(inputError.message).toContain(message);
      expect(inputError.message).toMatch(/^query: /);
      if (message!.startsWith('no ')) expect(inputError.message).toMatch(/; candidates: arn:aws:/);
    } else {
      expect(inputError.location).toEqual({ file: '<query>', pointer: '', line: 1, column: Number(column) });
      expect(inputError.message).toContain(`<query>:1:${column}: expected ${message}`);
    }
  });
});

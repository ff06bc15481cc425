/**
 * Tests of the harness itself: it must catch an engine that gets a rule wrong, shrink the case, and save a world
 * file and commands that reproduce the reference's answer; and it must treat UNKNOWN as a failure unless a time
 * limit was forced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { CheckAnswer } from '../../src/answer.js';
import { check } from '../../src/api/check.js';
import { checkWithReference } from '../../src/reference/evaluator.js';
import { loadWorld } from '../../src/world/load.js';
import { compareAnswers } from './compare-answers.js';
import { checkCommand, shellQuote } from './counterexample.js';
import { failureMessage, runDifferential } from './differential.js';
import type { Engine } from './engine.js';

const dir = mkdtempSync(join(tmpdir(), 'keyproof-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An engine that answers as the reference would, after `mutate`. */
function mutant(mutate: (answer: CheckAnswer) => CheckAnswer): Engine {
  return {
    check: async (world, request, options = {}) => mutate(checkWithReference(world, request, { transitive: options.transitive ?? false })),
    close: () => {},
  };
}

/** A classic mistake: forgetting the key state (kms/key-state.md). */
const ignoresKeyState = mutant((a) => (a.reason === 'KEY_STATE' ? { ...a, decision: 'ALLOW', reason: 'ALLOWED' } : a));
const alwaysUnknown = mutant((a) => ({ ...a, decision: 'UNKNOWN', reason: 'UNKNOWN' }));

describe('the differential harness', () => {
  test('catches an engine that ignores the key state, with a small world file that reproduces the reference answer', async () => {
    const outcome = await runDifferential(ignoresKeyState, { seed: 99, numRuns: 500 }, dir);
    const failure = outcome.failure!;
    expect(failure, 'the mutant must be caught').toBeDefined();
    expect(failure.why).toMatch(/reference DENY\/KEY_STATE\/trusted=(true|false) but engine ALLOW\/ALLOWED/);
    expect(failure.saved.file).toMatch(/counterexample-99\.yaml$/);
    expect(failure.saved.commands).toHaveLength(2);
    expect(failure.saved.commands[0]).toContain('--engine reference');
    expect(failure.saved.commands[1]).toContain('--engine z3');

    // The saved world file, read as the CLI reads it, gives the reference's answer to the saved request.
    const request = failure.request!;
    const world = loadWorld(join(dir, 'counterexample-99.yaml'));
    const answer = await check(world, { ...request, engine: 'reference' });
    expect(answer.reason).toBe('KEY_STATE');
    // Shrinking leaves little besides the key that decides.
    expect(world.keys.size).toBe(1);
    expect(world.accounts.size).toBe(1);

    const message = failureMessage(outcome);
    expect(message).toContain('KEYPROOF_DIFF_SEED=99');
    expect(message).toContain(failure.saved.commands[1]);
  });

  test('treats UNKNOWN as a failure when no time limit was forced', async () => {
    const outcome = await runDifferential(alwaysUnknown, { seed: 5, numRuns: 20 }, dir);
    expect(outcome.failure?.why).toMatch(/answered UNKNOWN\/UNKNOWN\/trusted=\w+ without a forced time-out/);
  });

  test('accepts and counts UNKNOWN under a forced time limit', async () => {
    const outcome = await runDifferential(alwaysUnknown, { seed: 5, numRuns: 20, timeoutMs: 1 }, dir);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.timedOut).toBe(20);
  });
});

describe('answer comparison', () => {
  const allow = { decision: 'ALLOW', reason: 'ALLOWED', trusted: true } as const;
  test('agrees only on equal decision, reason and trusted', () => {
    expect(compareAnswers(allow, { ...allow }, false)).toEqual({ agree: true, timedOut: false });
    expect(compareAnswers(allow, { ...allow, trusted: false }, false).agree).toBe(false);
    expect(compareAnswers({ decision: 'DENY', reason: 'IMPLICIT_DENY', trusted: true }, { decision: 'DENY', reason: 'EXPLICIT_DENY', trusted: true }, false).agree).toBe(false);
  });
});

describe('rerun commands', () => {
  test('quote what a shell would otherwise expand or split', () => {
    expect(shellQuote('arn:aws:iam::111111111111:user/alice')).toBe('arn:aws:iam::111111111111:user/alice');
    expect(shellQuote('aws:PrincipalArn=arn:aws:iam::*:user/alice')).toBe(`'aws:PrincipalArn=arn:aws:iam::*:user/alice'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });

  test('repeat --context per pair and add --transitive when the request is transitive', () => {
    const command = checkCommand('w.yaml', {
      principal: 'arn:aws:iam::111111111111:user/alice', action: 'kms:Decrypt', key: 'arn:aws:kms:us-east-1:111111111111:key/k0',
      context: ['kms:EncryptionContext:Department=IT', 'aws:SourceIp=10.1.2.3'], transitive: true,
    }, 'z3');
    expect(command).toBe('npx keyproof check --world w.yaml --principal arn:aws:iam::111111111111:user/alice --action kms:Decrypt'
      + ' --key arn:aws:kms:us-east-1:111111111111:key/k0 --context kms:EncryptionContext:Department=IT --context aws:SourceIp=10.1.2.3'
      + ' --transitive --engine z3 --format json');
  });
});

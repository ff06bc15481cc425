/**
 * Operations that a question cannot tell apart, so that Z3 is asked once per class instead of once per
 * operation (an audit asks about 40 operations on every key for every caller). Two operations are alike when
 * every property the lowering reads is the same (src/kms/operations.ts, the key state's effect on them) and
 * every test of the program on the action gives them the same answer:
 * - a statement's Action (or NotAction) list, lowered as an `or` of matches on the action: one answer per list;
 * - a grant's operations (`grant_op` facts, compared with the action by the rules): one answer per grant;
 * - any other constant: equal to the action (with or without case) or, with wildcards, matching it.
 * The answer for one member is then the answer for all; every operation's example is still checked by the
 * reference evaluator, so a mistake here would surface as an internal error, not as a wrong answer. With the
 * action a constant, the solver never sees the action tests: a symbolic action (a choice among ~40 strings matched
 * against case-insensitive patterns) made Z3 take seconds per query in diff, and the audit of the example world
 * 56 s instead of 4 s. Used by audit, who-can's classes and diff.
 */
import type { Constraint, Pattern, Program, Rule } from '../../ir/ast.js';
import { printPattern } from '../../ir/pattern.js';
import { stateBlocksOperation } from '../../kms/key-states.js';
import { KMS_OPERATIONS, type KmsOperation } from '../../kms/operations.js';
import { matchesArnPattern } from '../../policy/arn.js';
import { hasWildcard, matchesWildcard } from '../../policy/wildcard.js';
import type { KeyState } from '../../world/model.js';
import { forEachString } from './strings-in.js';

type ActionTest = (action: string) => boolean;

const PATTERN_PARTS = new Set(['text', 'any', 'one', 'var']);

/** Every KMS action, lower-cased. */
const ACTION_NAMES = new Set(KMS_OPERATIONS.map((op) => op.action.toLowerCase()));

/** Facts lowered from the operation tables (src/ir/lower/question.ts). */
const OPERATION_TABLE_FACTS = new Set(['cross_account_operation', 'ignores_grant_constraints', 'state_blocks']);

/** A pattern of the intermediate form (src/ir/pattern.ts): a list of text, wildcard and variable parts. */
function isPattern(value: unknown): value is Pattern {
  return Array.isArray(value) && value.length > 0
    && value.every((p) => p !== null && typeof p === 'object' && PATTERN_PARTS.has((p as { kind?: string }).kind ?? ''));
}

const patternText = (pattern: Pattern) => printPattern(pattern).replace(/\\(.)/g, '$1');

type ActionMatch = Extract<Constraint, { kind: 'match' }>;

function isActionMatch(c: Constraint): c is ActionMatch {
  return c.kind === 'match' && c.term.kind === 'field' && c.term.name === 'action' && !c.pattern.some((p) => p.kind === 'var');
}

function matchTest(m: ActionMatch): ActionTest {
  const text = patternText(m.pattern);
  if (m.matcher === 'arn') return (action) => matchesArnPattern(text, action);
  return (action) => matchesWildcard(text, action, { ignoreCase: m.matcher === 'glob-i' });
}

/** What one rule contributes: tests on the action, a grant's operation, or a policy variable that could be one. */
interface RuleTests {
  tests: ActionTest[];
  grantOperation?: { grant: string; operation: string };
  variables: boolean;
}

/** Rules are immutable and the KMS rules are shared by every program: their tests are computed once. */
const ruleTests = new WeakMap<Rule, RuleTests>();

function testsOfRule(rule: Rule): RuleTests {
  const cached = ruleTests.get(rule);
  if (cached) return cached;
  const result: RuleTests = { tests: [], variables: false };
  const [grant, operation] = rule.head.args;
  if (rule.body.length === 0 && OPERATION_TABLE_FACTS.has(rule.head.predicate)) {
    // Facts lowered from the operation tables: the signature covers them through the operation's properties.
  } else if (rule.body.length === 0 && rule.head.predicate === 'grant_op' && grant?.kind === 'string' && operation?.kind === 'string') {
    result.grantOperation = { grant: grant.value, operation: operation.value };
  } else {
    const constant = (s: string) => {
      const lower = s.toLowerCase();
      // A constant that names no operation and has no wildcard answers every operation alike: no test needed.
      if (ACTION_NAMES.has(lower)) result.tests.push((action) => action === s, (action) => action.toLowerCase() === lower);
      if (hasWildcard(s)) result.tests.push((action) => matchesWildcard(s, action), (action) => matchesWildcard(s, action, { ignoreCase: true }));
    };
    const visit = (value: unknown): void => {
      if (isPattern(value)) {
        if (value.some((p) => p.kind === 'var')) result.variables = true;
        else constant(patternText(value));
        return;
      }
      if (Array.isArray(value)) { for (const item of value) visit(item); return; }
      if (value && typeof value === 'object') {
        const c = value as Constraint;
        // An Action list: one answer for the whole list.
        if (c.kind === 'or' && c.items.length > 0 && c.items.every(isActionMatch)) {
          const items = c.items.map(matchTest);
          result.tests.push((action) => items.some((t) => t(action)));
          return;
        }
        if (isActionMatch(c)) { result.tests.push(matchTest(c)); return; }
        for (const [k, v] of Object.entries(value)) if (k !== 'provenance') visit(v);
        return;
      }
      forEachString(value, constant);
    };
    visit(rule);
  }
  ruleTests.set(rule, result);
  return result;
}

/** The program's tests on the action; `undefined` when a policy variable could stand for an action. */
function actionTests(program: Program): ActionTest[] | undefined {
  const tests: ActionTest[] = [];
  const grantOperations = new Map<string, Set<string>>();
  for (const rule of program.rules) {
    const found = testsOfRule(rule);
    if (found.variables) return undefined;
    tests.push(...found.tests);
    if (found.grantOperation) {
      const { grant, operation } = found.grantOperation;
      grantOperations.set(grant, (grantOperations.get(grant) ?? new Set()).add(operation));
    }
  }
  for (const operations of grantOperations.values()) tests.push((action) => operations.has(action));
  return tests;
}

export function operationClasses(program: Program, state: KeyState, operations: readonly KmsOperation[]): KmsOperation[][] {
  if (operations.length <= 1) return operations.map((op) => [op]);
  const tests = actionTests(program);
  // A policy variable in some pattern could stand for an action: ask about each operation.
  if (!tests) return operations.map((op) => [op]);
  const classes = new Map<string, KmsOperation[]>();
  for (const op of operations) {
    // `name`, `action` and `api` name the operation; the tests cover how the rules read them.
    const { name: _name, action: _action, api: _api, ...properties } = op;
    const signature = JSON.stringify([properties, stateBlocksOperation(state, op.name).blocked, tests.map((t) => (t(op.action) ? 1 : 0)).join('')]);
    classes.set(signature, [...(classes.get(signature) ?? []), op]);
  }
  return [...classes.values()];
}

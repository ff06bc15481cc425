/**
 * What a diff compares: the old and the new world, the requests asked of both (cases of callers and keys, classes
 * of operations, a symbolic context), how to read a concrete request off a model, and how to rebuild each side's
 * concrete world for the reference evaluator. Two scenarios: key policies (any caller, IAM policies unknown) and
 * identity policies (a user and a role holding the policy, keys whose default key policy lets IAM policies decide).
 */
import { lowerQuestion, type QuestionCaller } from '../../ir/lower/question.js';
import type { Program } from '../../ir/ast.js';
import { KEY_OPERATIONS, type KmsOperation } from '../../kms/operations.js';
import type { NamedPolicy } from '../../policy/model.js';
import { sessionOf, type Caller } from '../../request/caller.js';
import { contextFromEntries } from '../../request/context.js';
import { mergeContext, type ContextEntries } from '../../request/derive-context.js';
import type { KmsRequest } from '../../request/kms-request.js';
import { kmsRules } from '../../semantics/kms-rules.js';
import { symbolicContext } from '../../smt/context-model.js';
import type { Environment } from '../../smt/encode-constraint.js';
import { atomRef, fieldTerm, stringConst, TRUE, type StringTerm } from '../../smt/term.js';
import type { Key, World } from '../../world/model.js';
import { accountDomain } from './accounts.js';
import { callerCases, callerKeyConditions, fixedFields, knownCaller, type SymbolicCaller } from './caller.js';
import type { DiffPolicyKind } from './input.js';
import { operationClasses } from '../symbolic/operation-classes.js';
import { keyArnDomain } from './resources.js';
import type { PairQuestion, ShapedTerm, Side } from '../../engine/pair-solver.js';
import type { ModelView } from '../../smt/model-view.js';
import { defaultKeyPolicy, diffKeyArn, identityAccount, syntheticKey, worldOf } from './world.js';
import { openKeys } from '../symbolic/open-context.js';
import { outsiderCaller, worldWithOutsider } from '../symbolic/outsider.js';

/** One concrete request read off a model. */
export interface DiffRequest {
  fields: { principal: string; kind: string; account: string; role: string };
  operation: KmsOperation;
  keyArn: string;
  /** The request context: the key's account and the values of the keys the policies test. */
  context: ContextEntries;
  /** The part of the context the solver chose (the keys the policies test). */
  chosen: ContextEntries;
  /** For a caller whose IAM policies keyproof does not know: whether they allow the request in this model. */
  iamAllows?: boolean;
}

/** A part of the requests, asked separately: a case of callers, on a key (a constant ARN, or chosen). */
export interface DiffCase {
  caller: SymbolicCaller;
  key: StringTerm;
  /** Shapes of a chosen key ARN. */
  shaped: ShapedTerm[];
}

export interface DiffScenario {
  kind: DiffPolicyKind;
  account: string;
  /** Operations in classes no policy tells apart (src/questions/symbolic/operation-classes.ts). */
  operationClasses: KmsOperation[][];
  cases: DiffCase[];
  question(operation: KmsOperation, c: DiffCase): PairQuestion;
  read(model: ModelView, operation: KmsOperation, c: DiffCase): DiffRequest;
  /** Each side's concrete world and request, for the reference evaluator. */
  concrete(side: Side, request: DiffRequest): { world: World; request: KmsRequest };
}

/** The free fact that stands for "the caller's own IAM policies allow the request" (src/semantics/kms.kp). */
const UNKNOWN_IDENTITY = 'unknown_identity';


interface ScenarioParts {
  kind: DiffPolicyKind;
  account: string;
  worlds: Record<Side, World>;
  keys: Record<Side, Key>;
  questionCaller: QuestionCaller;
  cases: DiffCase[];
  /** Every policy of both worlds (their Action patterns split the operations into classes). */
  policies: NamedPolicy[];
  concrete: DiffScenario['concrete'];
}

function buildScenario(parts: ScenarioParts): DiffScenario {
  const program = (side: Side): Program => ({
    rules: [...kmsRules().rules, ...lowerQuestion(parts.worlds[side], { kind: 'kms', key: parts.keys[side], caller: parts.questionCaller }).rules],
  });
  const programs = { old: program('old'), new: program('new') };
  const both: Program = { rules: [...programs.old.rules, ...programs.new.rules] };
  // aws:ResourceAccount is the key's account (src/request/derive-context.ts keyContext) and a KMS request is sent
  // with TLS (kmsRequestConstants); every other key the policies test is chosen by the solver, the caller-describing
  // ones tied to the caller, the always-present ones (aws:RequestedRegion, the time) given some value.
  const fixed: ContextEntries = [['aws:ResourceAccount', [parts.account]], ['aws:SecureTransport', ['true']]];
  const fixedContext = contextFromEntries(fixed);
  const open = openKeys(both, (k) => fixedContext.has(k));
  const context = symbolicContext(fixedContext, open);
  return {
    kind: parts.kind,
    account: parts.account,
    operationClasses: operationClasses(both, 'Enabled', KEY_OPERATIONS),
    cases: parts.cases,
    question(operation, c) {
      const fields: Environment['fields'] = { ...fixedFields(c.caller), action: operation.action };
      if (c.key.op === 'string') fields.resource = c.key.value;
      return {
        programs, env: { fields, context }, free: new Set([UNKNOWN_IDENTITY]),
        conditions: [...c.caller.conditions, ...callerKeyConditions(c.caller, context, open)],
        shaped: [...c.caller.shaped, ...c.shaped],
      };
    },
    read(model, operation, c) {
      const chosen: ContextEntries = [];
      for (const spec of open) {
        const values = context.slots(spec.key).filter((s) => model.truth(s.used)).map((s) => model.value(s.value));
        if (values.length > 0) chosen.push([spec.key, values]);
      }
      const caller = c.caller;
      return {
        fields: { principal: model.value(caller.principal), kind: caller.kind, account: model.value(caller.account), role: model.value(caller.role) },
        operation,
        keyArn: model.value(c.key),
        context: mergeContext(fixed, chosen),
        chosen,
        ...(parts.questionCaller === 'outside' ? { iamAllows: model.truth(atomRef(UNKNOWN_IDENTITY)) } : {}),
      };
    },
    concrete: parts.concrete,
  };
}

function kmsRequest(caller: Caller, key: Key, request: DiffRequest): KmsRequest {
  return { caller, operation: request.operation, key, overrides: request.context, context: contextFromEntries(request.context) };
}

/** The caller without IAM policies (the model said its own IAM policies do not allow the request). */
function withoutIamPolicies(caller: Caller): Caller {
  if (caller.kind === 'user') return { ...caller, user: { ...caller.user, inlinePolicies: [] } };
  if (caller.kind === 'role-session') return { ...caller, role: { ...caller.role, inlinePolicies: [] } };
  return caller;
}

function servicesNamed(policies: readonly NamedPolicy[]): string[] {
  const services = new Set<string>();
  for (const p of policies) {
    for (const s of p.document.statements) for (const e of [...(s.principal ?? []), ...(s.notPrincipal ?? [])]) if (e.type === 'Service') services.add(e.value);
  }
  return [...services].sort();
}

/**
 * Key policies: one enabled key in `account` holding the old or the new policy; the caller is any user, role
 * session or root of any account, or a service the policies name, with IAM policies keyproof does not know
 * (whether they allow the request is a free fact, the same on both sides).
 */
export function keyPolicyScenario(old: NamedPolicy, next: NamedPolicy, account: string): DiffScenario {
  const arn = diffKeyArn(account);
  const keys = { old: syntheticKey(arn, old), new: syntheticKey(arn, next) };
  const callers = callerCases(servicesNamed([old, next]), accountDomain([old, next], account));
  return buildScenario({
    kind: 'key', account, keys,
    worlds: { old: worldOf([keys.old]), new: worldOf([keys.new]) },
    questionCaller: 'outside',
    cases: callers.map((caller) => ({ caller, key: stringConst(arn), shaped: [] })),
    policies: [old, next],
    concrete(side, request) {
      const f = request.fields;
      const outsider = f.kind === 'service' ? { kind: 'service' as const, arn: f.principal, service: f.principal } : outsiderCaller(f);
      const caller = request.iamAllows === false ? withoutIamPolicies(outsider) : outsider;
      return { world: worldWithOutsider(worldOf([keys[side]]), caller), request: kmsRequest(caller, keys[side], request) };
    },
  });
}

/**
 * The keys of an identity policy diff: the candidates that stand for every key of the account
 * (src/questions/diff/resources.ts), or else any key ARN of the account, with region names and key ids as
 * kms/cmks-in-iam-policies.md shows them (`us-west-2`, `1234abcd-12ab-34cd-56ef-1234567890ab`).
 */
function identityKeys(account: string, policies: NamedPolicy[]): Array<Pick<DiffCase, 'key' | 'shaped'>> {
  const { candidates } = keyArnDomain(policies, account);
  if (candidates.length > 0) return candidates.map((arn) => ({ key: stringConst(arn), shaped: [] }));
  const key = fieldTerm('resource');
  return [{
    key,
    shaped: [{
      term: key, when: TRUE,
      shape: [{ text: 'arn:aws:kms:' }, { word: 'a-z0-9-' }, { text: `:${account}:key/` }, { word: 'a-z0-9-' }],
      tidy: { readable: /^arn:aws:kms:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:key\/[a-z0-9][a-z0-9-]*$/, value: diffKeyArn(account) },
    }],
  }];
}

/**
 * Identity policies: account `account` holds a user and a role, both with the policy attached; the key is a key
 * of that account whose key policy is the default one, so IAM policies decide.
 */
export function identityPolicyScenario(old: NamedPolicy, next: NamedPolicy, account: string): DiffScenario {
  const accounts = { old: identityAccount(account, old), new: identityAccount(account, next) };
  const callersOf = (side: Side): Caller[] => {
    const a = accounts[side];
    const user = [...a.users.values()][0]!;
    return [{ kind: 'user', arn: user.arn, accountId: account, user }, sessionOf([...a.roles.values()][0]!)];
  };
  const keyPolicy = defaultKeyPolicy(account);
  const loweredKey = syntheticKey(diffKeyArn(account), keyPolicy);
  const keyChoices = identityKeys(account, [old, next]);
  return buildScenario({
    kind: 'identity', account,
    keys: { old: loweredKey, new: loweredKey },
    worlds: { old: worldOf([loweredKey], [accounts.old]), new: worldOf([loweredKey], [accounts.new]) },
    questionCaller: undefined,
    cases: callersOf('old').flatMap((caller) => keyChoices.map((k) => ({ caller: knownCaller(caller), ...k }))),
    policies: [old, next, keyPolicy],
    concrete(side, request) {
      const key = syntheticKey(request.keyArn, keyPolicy);
      const caller = callersOf(side).find((c) => c.arn === request.fields.principal)!;
      return { world: worldOf([key], [accounts[side]]), request: kmsRequest(caller, key, request) };
    },
  });
}

/**
 * `keyproof change`: the effective access difference a change makes, per key. Each key whose access can change is
 * asked of the world before and the world after the change with the machinery `audit` uses (key-access.ts: Z3
 * over a symbolic request, every answer checked by the reference evaluator), and the two answers compared
 * (key-change.ts). Keys whose access can change: those the change touches, and, when the change touches any
 * identity, policy, SCP or RCP, every key (conservatively: a role chain can lead from any identity to any key).
 */
import type { QuestionRuntime } from '../../engine/question-runtime.js';
import type { Limits } from '../../engine/solve-question.js';
import { callersOfWorld, type Caller } from '../../request/caller.js';
import { applyChange, type ChangedWorlds } from '../../world/change/apply-change.js';
import type { WorldChange } from '../../world/change/model.js';
import type { Key, User, World } from '../../world/model.js';
import { formatLocation } from '../../errors.js';
import { keyAccess } from '../access/key-access.js';
import { accountInsideOrganization } from '../symbolic/principal-classes.js';
import { accessItems, type AccessItem } from './access-items.js';
import type { AccessChange, ChangeResult, KeyChange } from './change-result.js';
import { keyDifference, type SideOf } from './key-change.js';

export interface ChangeQuestionOptions {
  limits: Limits;
  onProgress?: (done: number, total: number) => void;
}

async function sideOf(rt: QuestionRuntime, world: World, key: Key | undefined, callers: readonly Caller[], limits: Limits): Promise<SideOf & { undecided: string[] }> {
  const undecided: string[] = [];
  if (!key) return { world, key, items: new Map(), decided: true, undecided };
  const access = await keyAccess(rt, world, key, callers, limits, undecided);
  return { world, key, items: accessItems(world, access), decided: undecided.length === 0, undecided };
}

/** The unknown values an item of the after world depends on: those of the key, the identities and policies on its path. */
function dependsOnOf(worlds: ChangedWorlds, change: WorldChange, key: Key): (item: AccessItem) => string[] {
  return (item) => {
    const scopes = new Set<string>([key.arn, `account:${key.accountId}`]);
    const world = worlds.after;
    for (const arn of [item.caller.kind === 'role-session' ? item.caller.roleArn : item.caller.arn, ...item.through]) {
      scopes.add(arn);
      const account = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
      if (account) scopes.add(`account:${account}`);
      const holder = account ? (world.accounts.get(account)?.users.get(arn) ?? world.accounts.get(account)?.roles.get(arn)) : undefined;
      if (!holder) continue;
      holder.managedPolicyArns.forEach((p) => scopes.add(p));
      if (holder.permissionsBoundaryArn) scopes.add(holder.permissionsBoundaryArn);
      if (holder.kind === 'user') {
        for (const g of (holder as User).groupArns) {
          scopes.add(g);
          world.accounts.get(account!)?.groups.get(g)?.managedPolicyArns.forEach((p) => scopes.add(p));
        }
      }
    }
    const found = new Set<string>();
    for (const scope of scopes) worlds.unknowns.get(scope)?.forEach((u) => found.add(u));
    const symbolic = change.symbolicPrincipals.find((s) => item.caller.kind !== 'service' && 'accountId' in item.caller && item.caller.accountId === s.account);
    if (symbolic) found.add(symbolic.value);
    return [...found].sort();
  };
}

export async function changeAccess(rt: QuestionRuntime, world: World, worldFile: string | null, change: WorldChange, options: ChangeQuestionOptions): Promise<ChangeResult> {
  const worlds = applyChange(world, change);
  const { before, after } = worlds;
  const candidates = worlds.touched.others
    ? new Set([...before.keys.keys(), ...after.keys.keys()])
    : new Set([...worlds.touched.keys].filter((k) => before.keys.has(k) || after.keys.has(k)));
  const callersBefore = callersOfWorld(before);
  const callersAfter = callersOfWorld(after);
  const undecided: string[] = [
    ...change.unsupported.map((u) => `${u.resource}: ${u.why} (${formatLocation(u.location)})`),
    ...worlds.problems.map((p) => `${p.why} (${formatLocation(p.location)})`),
  ];
  const keys: KeyChange[] = [];
  let done = 0;
  for (const arn of [...candidates].sort()) {
    const keyBefore = before.keys.get(arn);
    const keyAfter = after.keys.get(arn);
    const sideBefore = await sideOf(rt, before, keyBefore, callersBefore, options.limits);
    const sideAfter = await sideOf(rt, after, keyAfter, callersAfter, options.limits);
    undecided.push(...sideBefore.undecided, ...sideAfter.undecided);
    const difference = keyDifference(sideBefore, sideAfter, dependsOnOf(worlds, change, (keyAfter ?? keyBefore)!));
    undecided.push(...difference.unsettled);
    options.onProgress?.(++done, candidates.size);
    if (difference.gained.length === 0 && difference.lost.length === 0) continue;
    const key = (keyAfter ?? keyBefore)!;
    const createdBy = change.symbolicKeys.get(arn);
    keys.push({
      key: arn, account: key.accountId, status: !keyBefore ? 'created' : !keyAfter ? 'deleted' : 'changed',
      gained: difference.gained.map((g) => placed(describePrincipal(g, change), after)),
      lost: difference.lost.map((l) => placed(describePrincipal(l, change), before)),
      location: key.location, ...(createdBy ? { createdBy } : {}),
    });
  }
  const unknowns = new Set<string>();
  for (const r of change.resources) for (const f of r.after) f.unknowns.forEach((u) => unknowns.add(u));
  change.symbolicPrincipals.forEach((s) => unknowns.add(s.value));
  const gained = keys.flatMap((k) => k.gained);
  return {
    source: change.source, file: change.file, world: worldFile,
    resources: change.resources.map((r) => r.resource).filter((r) => r.action !== 'no-op'),
    keys, examined: candidates.size, unknowns: [...unknowns].sort(),
    verdict: {
      newAccess: gained.length > 0,
      public: gained.some((g) => g.origin === 'anyone'),
      external: gained.some((g) => g.outside),
    },
    complete: undecided.length === 0, undecided,
  };
}

/** A class that is a placeholder account stands for an unknown principal: say which. */
function describePrincipal(entry: AccessChange, change: WorldChange): AccessChange {
  const created = change.symbolicIdentities.get(entry.principal);
  if (created) return { ...entry, description: `${created} (its ARN is known after apply)` };
  const symbolic = change.symbolicPrincipals.find((s) => s.account === entry.principal || entry.principal.includes(`::${s.account}:`));
  if (!symbolic) return entry;
  return { ...entry, origin: 'unknown-principal', principal: symbolic.value, description: `any principal ${symbolic.value} could be`, dependsOn: [...new Set([...entry.dependsOn, symbolic.value])] };
}

/** Whether the entry's principal is outside the estate of the side that has the access. */
function placed(entry: AccessChange, world: World): AccessChange {
  const outside = entry.origin === 'anyone' || entry.origin === 'unknown-principal'
    || (entry.origin === 'external-account' && !accountInsideOrganization(world, entry.principal));
  return { ...entry, outside };
}

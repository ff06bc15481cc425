/**
 * The reference evaluator: a plain transcription of AWS's documented rules, written for reading, not speed.
 * It answers one concrete request; with `transitive`, the caller may first assume roles, any number of times,
 * and the shortest chain that reaches an allowed identity is reported.
 */
import type { CheckAnswer, MatchedStatement, TraceStep } from '../answer.js';
import { sessionOf, type Caller } from '../request/caller.js';
import { withCaller, type KmsRequest } from '../request/kms-request.js';
import type { Role, World } from '../world/model.js';
import { decideAsIdentity } from './kms-decision.js';
import { canAssumeRole } from './role-assumption.js';

export interface CheckOptions {
  transitive?: boolean;
}

interface Hop {
  caller: Caller;
  /** ARNs on the way here: the original caller, then each role assumed. */
  path: string[];
  matched: MatchedStatement[];
  trace: TraceStep[];
}

function allRoles(world: World): Role[] {
  return [...world.accounts.values()].flatMap((a) => [...a.roles.values()]);
}

function pathId(caller: Caller): string {
  return caller.kind === 'role-session' ? caller.roleArn : caller.arn;
}

/**
 * Breadth-first over role assumption, so the first allowed identity found is at the end of a shortest chain.
 * Each role is visited once, which also ends cycles.
 */
function decideTransitively(world: World, req: KmsRequest, direct: CheckAnswer): CheckAnswer {
  const start: Hop = { caller: req.caller, path: [pathId(req.caller)], matched: [], trace: [] };
  const visited = new Set<string>(start.path);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: Hop[] = [];
    for (const hop of frontier) {
      for (const role of allRoles(world)) {
        if (visited.has(role.arn)) continue;
        const assumption = canAssumeRole(world, hop.caller, role, req.overrides);
        if (!assumption.allowed) continue;
        visited.add(role.arn);
        const reached: Hop = {
          caller: sessionOf(role), path: [...hop.path, role.arn],
          matched: [...hop.matched, ...assumption.by], trace: [...hop.trace, ...assumption.trace.steps],
        };
        const answer = decideAsIdentity(world, withCaller(world, req, reached.caller));
        if (answer.decision === 'ALLOW') {
          return { ...answer, path: reached.path, matched: [...reached.matched, ...answer.matched], trace: [...reached.trace, ...answer.trace] };
        }
        next.push(reached);
      }
    }
    frontier = next;
  }
  return direct;
}

export function checkWithReference(world: World, req: KmsRequest, options: CheckOptions = {}): CheckAnswer {
  const direct = decideAsIdentity(world, req);
  if (direct.decision === 'ALLOW' || !options.transitive) return direct;
  return decideTransitively(world, req, direct);
}

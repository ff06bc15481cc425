/** An identity reached by a chain of role assumptions, as both engines report it. */
import type { MatchedStatement, TraceStep } from '../answer.js';
import type { Caller } from './caller.js';

/** The action a role assumption is authorized for (iam/id_roles_use_permissions-to-switch.md). */
export const ASSUME_ROLE = 'sts:AssumeRole';

export interface RoleChain {
  caller: Caller;
  /** ARNs on the way: the original caller, then each role assumed. */
  path: string[];
  /** The trust policy and IAM statements that allowed each step. */
  matched: MatchedStatement[];
  trace: TraceStep[];
}

/**
 * `change`: who gains or loses which operations on which key if a Terraform plan or a CloudFormation template is
 * applied to the world (README, "keyproof change"). Without a world, the estate is the accounts the change names,
 * described completely by it.
 */
import { limitsOf } from '../engine/limits.js';
import { InputError } from '../errors.js';
import { changeAccess } from '../questions/change/change.js';
import type { ChangeResult } from '../questions/change/change-result.js';
import type { WorldChange } from '../world/change/model.js';
import { loadWorld } from '../world/load.js';
import type { World } from '../world/model.js';
import { readCloudFormation } from '../world/cloudformation/read-template.js';
import { readTerraformPlan } from '../world/terraform/read-plan.js';
import { z3Engine } from './engine-instance.js';

export type { AccessChange, ChangeFailOn, ChangeResult, ChangeWitness, KeyChange } from '../questions/change/change-result.js';
export { gateFails } from '../questions/change/change-result.js';

export interface ChangeInput {
  /** The world file (or a world already loaded); none: the accounts the change names, as it describes them. */
  world?: string | World;
  terraformPlan?: string;
  /** A CloudFormation template (JSON or YAML; a CDK app's `cdk.out/STACK.template.json`): the stack after the change. */
  cloudformation?: string;
  /** The stack's current template; without it the stack is new. */
  cloudformationBefore?: string;
  /** Template parameter values. */
  parameters?: Record<string, string>;
  /** The account and region of resources whose ARN the change does not give (by default told by the change). */
  account?: string;
  region?: string;
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A world with no accounts and no keys: the change alone describes the estate. */
export function emptyWorld(file: string): World {
  return { file, accounts: new Map(), keys: new Map(), aliases: new Map(), awsManagedPolicies: new Map(), missingManagedPolicies: [], warnings: [], incompleteParts: [], missingParts: [] };
}

/** Reads the change the input names. */
export function readChange(input: ChangeInput, world: World | undefined): WorldChange {
  const place = { ...(input.account ? { account: input.account } : {}), ...(input.region ? { region: input.region } : {}), ...(world ? { world } : {}) };
  if (input.terraformPlan && input.cloudformation) throw new InputError(undefined, 'expected one change: --terraform-plan or --cloudformation, not both');
  if (input.terraformPlan) return readTerraformPlan(input.terraformPlan, place);
  if (input.cloudformation) {
    return readCloudFormation(input.cloudformation, {
      ...place, ...(input.cloudformationBefore ? { before: input.cloudformationBefore } : {}), ...(input.parameters ? { parameters: input.parameters } : {}),
    });
  }
  if (input.cloudformationBefore || input.parameters) throw new InputError(undefined, '--cloudformation-before and --parameter go with --cloudformation TEMPLATE');
  throw new InputError(undefined, 'expected a change: --terraform-plan PLAN.json or --cloudformation TEMPLATE');
}

export async function change(input: ChangeInput): Promise<ChangeResult> {
  const world = typeof input.world === 'string' ? loadWorld(input.world) : input.world;
  const proposed = readChange(input, world);
  const engine = await z3Engine();
  return changeAccess(engine.runtime, world ?? emptyWorld(`(the accounts ${proposed.file} names)`), world?.file ?? null, proposed, {
    limits: limitsOf({ timeoutMs: input.timeoutMs }),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
}

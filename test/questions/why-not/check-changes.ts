/**
 * Independent checks of a why-not alternative: with its changes made, the request is ALLOWED by both engines (the
 * reference evaluator already checked it; the Z3 engine reads the changed world afresh), and with any one change
 * left out, neither allows it (no change to spare).
 */
import { expect } from 'vitest';
import type { WhyNotAlternative } from '../../../src/answer.js';
import { z3Engine } from '../../../src/api/engine-instance.js';
import { resolveCaller } from '../../../src/request/caller.js';
import { contextFor, type KmsRequest } from '../../../src/request/kms-request.js';
import { checkWithReference } from '../../../src/reference/evaluator.js';
import { applyWhyNotChanges } from '../../../src/questions/why-not/apply-changes.js';
import type { World } from '../../../src/world/model.js';

async function decisions(world: World, req: KmsRequest, alternative: WhyNotAlternative): Promise<[string, string]> {
  const changed = applyWhyNotChanges(world, alternative.changes);
  expect(changed, 'every change applies to the world').toBeDefined();
  const key = changed!.keys.get(req.key.arn)!;
  const caller = resolveCaller(changed!, req.caller.arn);
  const request = { ...req, caller, key, context: contextFor(changed!, caller, key, req.alias, req.overrides) };
  const z3 = await (await z3Engine()).check(changed!, request);
  return [checkWithReference(changed!, request).decision, z3.decision];
}

export async function expectAllowingAndMinimal(world: World, req: KmsRequest, alternative: WhyNotAlternative, message: string): Promise<void> {
  expect(await decisions(world, req, alternative), `${message}: allowed with the changes`).toEqual(['ALLOW', 'ALLOW']);
  for (let i = 0; i < alternative.changes.length; i++) {
    const fewer = { changes: alternative.changes.filter((_, j) => j !== i) };
    const [reference, z3] = await decisions(world, req, fewer);
    expect([reference, z3], `${message}: still denied without change ${i + 1} (${alternative.changes[i]!.kind})`).not.toContain('ALLOW');
  }
}

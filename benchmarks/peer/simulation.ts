/**
 * One benchmark request as a simulation for the peer, @cloud-copilot/iam-simulate (AGPL-3.0: used by the
 * benchmark only, never by keyproof's src/). The peer is given what applies to the request: the key policy, the
 * caller's identity policies and permissions boundary, and the SCPs of the caller's account; and the context
 * values keyproof derives from the world for the policies in use (the peer does not derive them).
 */
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { BenchRequest } from '../bench/requests.js';
import type { RawIdentity, RawWorld } from './raw-world.js';

/** keyproof's session name for a role named by its ARN (src/request/caller.ts). */
const SESSION_NAME = 'keyproof';

function principalOf(identity: RawIdentity): string {
  return identity.kind === 'role' ? `arn:aws:sts::${identity.accountId}:assumed-role/${identity.name}/${SESSION_NAME}` : identity.arn;
}

/** `--context K=V` pairs as the peer's context variables; `kms:EncryptionContext:K` also sets kms:EncryptionContextKeys. */
function requestContext(pairs: string[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  const ecKeys: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const [key, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    context[key] = value;
    if (key.toLowerCase().startsWith('kms:encryptioncontext:')) ecKeys.push(key.slice('kms:EncryptionContext:'.length));
  }
  if (ecKeys.length > 0) context['kms:EncryptionContextKeys'] = ecKeys;
  return context;
}

/**
 * The SCPs in force for the caller's account, as one level. None for the management account, nor for
 * service-linked roles, which SCPs do not restrict; none when no SCP targets the account (interface.md section 3).
 */
function scpsFor(world: RawWorld, identity: RawIdentity): Simulation['serviceControlPolicies'] {
  const org = world.organization;
  if (!org || identity.serviceLinked || org.managementAccount === identity.accountId || !org.accounts.includes(identity.accountId)) return [];
  const policies = org.scps.filter((p) => p.targets.includes(identity.accountId)).map(({ name, policy }) => ({ name, policy }));
  return policies.length > 0 ? [{ orgIdentifier: identity.accountId, policies }] : [];
}

export function toSimulation(world: RawWorld, request: BenchRequest): Simulation {
  const identity = world.identities.get(request.principal);
  if (!identity) throw new Error(`the peer's reader does not know the principal ${request.principal}`);
  const keyAccount = request.keyArn.split(':')[4]!;
  const org = world.organization;
  const derived: Record<string, string | string[]> = {
    'aws:PrincipalArn': identity.arn,
    'aws:PrincipalAccount': identity.accountId,
    'kms:CallerAccount': identity.accountId,
    ...(org && org.accounts.includes(identity.accountId) ? { 'aws:PrincipalOrgID': org.id } : {}),
    ...Object.fromEntries(Object.entries(identity.tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
  };
  return {
    request: {
      principal: principalOf(identity),
      action: request.action,
      resource: { resource: request.keyArn, accountId: keyAccount },
      contextVariables: { ...derived, ...requestContext(request.context) },
    },
    identityPolicies: identity.policies.map(({ name, policy }) => ({ name, policy })),
    serviceControlPolicies: scpsFor(world, identity),
    resourceControlPolicies: [],
    resourcePolicy: world.keyPolicies.get(request.keyArn),
    ...(identity.boundary ? { permissionBoundaryPolicies: [identity.boundary] } : {}),
  };
}

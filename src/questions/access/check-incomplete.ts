/**
 * A concrete check on a collected world that lacks parts (issue 15): World.incompleteParts (what `keyproof collect`
 * could not read) and World.missingParts (what an iam-collect store does not hold). The check's engines see only
 * what the world holds, so a part that bears on the request could change their answer:
 * - a missing IAM, STS or Organizations part may hide the caller's policies, a role chain, a boundary or an SCP,
 *   which can allow as well as deny: the answer is UNKNOWN, whatever it was;
 * - a missing KMS part of the key's account and region may hide its key policy, state or grants: UNKNOWN too,
 *   except that an ALLOW stands when all that is missing is grants or aliases, which only ever add access
 *   (kms/grants.md: "Grants are a permission-only mechanism"; an alias is not part of authorization once the key is
 *   resolved).
 * An operation that uses no KMS key (ListKeys, CreateKey...: src/request/account-request.ts) is authorized by IAM
 * policies, boundaries and SCPs alone (kms-api-permissions-reference.md, policy type "IAM policy"), so only the
 * IAM, STS and Organizations parts bear on it, and they can change any answer: `key` is then undefined.
 * The answer names the parts (`undecided`), as who-can and the audit do.
 */
import type { CheckAnswer } from '../../answer.js';
import type { Key, World } from '../../world/model.js';
import { describeIncompletePart, incompletePartsAffecting } from './incomplete-parts.js';
import { missingPartsFor } from './missing-parts.js';

/** What a missing part may hide that could only allow more: grants, aliases. */
const ONLY_ADDS_ACCESS = /^(grants|aliases|ListGrants|ListAliases)$/;

export function checkOnIncompleteWorld(world: World, key: Key | undefined, answer: CheckAnswer): CheckAnswer {
  const keys = key ? [key] : [];
  const incomplete = incompletePartsAffecting(world, { keys, everyKey: false });
  // Missing parts are data of KMS resources (grants, key policies...): with no key, none bears on the request.
  const missing = world.missingParts.filter((p) => missingPartsFor({ ...world, missingParts: [p] }, keys).length > 0);
  if (incomplete.length === 0 && missing.length === 0) return answer;
  const undecided = [...missingPartsFor({ ...world, missingParts: missing }, keys), ...incomplete.map(describeIncompletePart)];
  const onlyAdds = incomplete.every((p) => ONLY_ADDS_ACCESS.test(p.operation)) && missing.every((p) => ONLY_ADDS_ACCESS.test(p.what));
  if (answer.decision === 'ALLOW' && onlyAdds) return { ...answer, undecided };
  if (answer.decision === 'UNKNOWN') return { ...answer, undecided: [...(answer.undecided ?? []), ...undecided] };
  return {
    decision: 'UNKNOWN', reason: 'UNKNOWN', trusted: false, path: answer.path, matched: [], trace: answer.trace,
    detail: `the world lacks parts that bear on this request, so the ${answer.decision} found in what it holds may be wrong: ${undecided.join('; ')}`,
    undecided,
  };
}

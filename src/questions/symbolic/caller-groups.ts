/**
 * Groups of callers that no question about a set of policies can tell apart, so that Z3 is asked once per group
 * instead of once per caller (with 5,000 principals, one question each made who-can take minutes per key).
 *
 * Two callers are interchangeable for a question when (1) they have the same kind, account, attached policies,
 * groups, permissions boundary and derived request context other than their names and tags (their
 * *signature*), and (2) their names (ARN, role ARN, aws:PrincipalArn, aws:username, aws:userid) compare the same
 * way with every string the question's policies contain, and the tags those policies read are equal (their
 * *profile*). The rules only ever compare a name with a constant
 * of the policies (equality, with or without case, a `*`/`?` pattern, an ARN pattern) or with a policy variable;
 * a policy variable that stands for a name makes every caller its own group. Whatever else the rules test is in
 * the signature. So the answer for one member is the answer for all; each member's own example is still
 * checked by the reference evaluator before it is reported.
 */
import { matchesArnPattern } from '../../policy/arn.js';
import type { PolicyDocument } from '../../policy/model.js';
import { hasWildcard, matchesWildcard } from '../../policy/wildcard.js';
import type { Caller } from '../../request/caller.js';
import { callerContext } from '../../request/derive-context.js';
import type { Key, Role, User, World } from '../../world/model.js';
import { boundaryOf, identityPoliciesOf } from '../../world/attached-policies.js';
import { forEachString } from './strings-in.js';

/** Derived context keys whose values are a caller's own name: compared with constants, never part of the signature. */
const NAME_KEYS = ['aws:principalarn', 'aws:username', 'aws:userid'];
const TAG_KEY = /^aws:principaltag\//i;

/** A policy variable naming the caller (`${aws:username}`, ...): constants containing one cannot be compared ahead. */
const NAME_VARIABLE = /\$\{\s*aws:(principalarn|username|userid)\s*[},]/i;

/** The strings a question's policies and grants compare names with. */
export class PolicyStrings {
  private readonly exact = new Set<string>();
  private readonly lower = new Set<string>();
  private readonly patterns = new Set<string>();
  /** Each pattern's text before its first wildcard, lower-cased. */
  private readonly heads = new Map<string, string>();
  /** Strings that name a principal tag key (condition keys and policy variables), lower-cased. */
  private readonly tagMentions: string[] = [];
  /** True when some string holds a policy variable for a name: no two callers can then share a group. */
  namesInVariables = false;

  addDocument(document: PolicyDocument | undefined): this {
    if (document) forEachString(document.statements, (s) => this.add(s));
    return this;
  }

  /** Every string inside a value of the world model (a grant, say). */
  addStrings(value: unknown): this {
    forEachString(value, (s) => this.add(s));
    return this;
  }

  private add(text: string): void {
    if (NAME_VARIABLE.test(text)) this.namesInVariables = true;
    if (/aws:principaltag\//i.test(text)) this.tagMentions.push(text.toLowerCase());
    if (hasWildcard(text)) {
      this.patterns.add(text);
      this.heads.set(text, text.slice(0, text.search(/[*?]/)).toLowerCase());
    }
    this.exact.add(text);
    this.lower.add(text.toLowerCase());
  }

  /** Whether some condition key or policy variable reads the principal tag (tag keys compare without case). */
  readsTag(tagKey: string): boolean {
    const wanted = `aws:principaltag/${tagKey.toLowerCase()}`;
    return this.tagMentions.some((m) => m.includes(wanted));
  }

  /**
   * How a caller compares with every string: names matched exactly are kept whole, each pattern gives bits,
   * and the tags the policies read are kept whole.
   */
  profileOf(names: readonly string[], tags: ReadonlyArray<readonly [string, string]>): string {
    const parts: string[] = tags.filter(([k]) => this.readsTag(k)).map(([k, v]) => `tag ${k.toLowerCase()}=${v}`);
    names.forEach((name, slot) => {
      if (this.exact.has(name) || this.lower.has(name.toLowerCase())) parts.push(`${slot}=${name}`);
      // A name that reads as a number, date or address could meet a numeric, date or IP comparison: keep it whole.
      if (/^[\d\s.:+-]+$|^\d{4}-\d\d/.test(name)) parts.push(`${slot}#${name}`);
    });
    const lowerNames = names.map((name) => name.toLowerCase());
    for (const pattern of this.patterns) {
      // Every test fails when the text before the first wildcard does not start the name (even ignoring case).
      const head = this.heads.get(pattern)!;
      if (!lowerNames.some((name) => name.startsWith(head))) { parts.push('-'); continue; }
      const bits = names.map((name) => [
        matchesWildcard(pattern, name), matchesWildcard(pattern, name, { ignoreCase: true }),
        matchesArnPattern(pattern, name), matchesArnPattern(pattern.toLowerCase(), name.toLowerCase()),
      ].map((b) => (b ? '1' : '0')).join(''));
      parts.push(bits.join('.'));
    }
    return parts.join('|');
  }
}


/** A policy's content without where it was written. */
function contentOf(document: PolicyDocument): string {
  return JSON.stringify(document.statements, (k, v: unknown) => (k === 'location' ? undefined : v));
}

function holderSignature(entity: User | Role): unknown {
  return {
    inline: entity.inlinePolicies.map((p) => [p.name, contentOf(p.document)]).sort(),
    managed: [...entity.managedPolicyArns].sort(),
    boundary: entity.permissionsBoundaryArn ?? '',
    groups: 'groupArns' in entity ? [...entity.groupArns].sort() : [],
    // SCPs and RCPs do not apply to service-linked roles (the lowering's service_linked_role fact).
    serviceLinked: entity.kind === 'role' && entity.serviceLinked,
  };
}

/** The caller's names: the strings that differ between otherwise identical callers. */
function namesOf(world: World, caller: Caller): string[] {
  const context = new Map(callerContext(world, caller).map(([k, v]) => [k.toLowerCase(), v.join('\u0000')]));
  return [caller.arn, caller.kind === 'role-session' ? caller.roleArn : '', ...NAME_KEYS.map((k) => context.get(k) ?? '')];
}

/** The caller's principal tags (aws:PrincipalTag/KEY values), as derived for requests. */
function tagsOf(world: World, caller: Caller): Array<[string, string]> {
  return callerContext(world, caller).filter(([k]) => TAG_KEY.test(k)).map(([k, v]) => [k.replace(TAG_KEY, ''), v.join('\u0000')]);
}

/**
 * Everything but the names and tags: what the rules could test about the caller other than by comparing names
 * with constants or reading tags (the profile covers those).
 */
export function callerSignature(world: World, caller: Caller): string {
  const context = callerContext(world, caller).filter(([k]) => !NAME_KEYS.includes(k.toLowerCase()) && !TAG_KEY.test(k));
  const entity = caller.kind === 'user' ? caller.user : caller.kind === 'role-session' ? caller.role : undefined;
  return JSON.stringify([caller.kind, caller.kind === 'service' ? caller.service : caller.accountId,
    entity ? holderSignature(entity) : null, context.sort(([a], [b]) => a.localeCompare(b))]);
}

/** The documents of a caller's own policies (identity policies and boundary): the same for a signature. */
export function ownDocuments(world: World, caller: Caller): PolicyDocument[] {
  const entity = caller.kind === 'user' ? caller.user : caller.kind === 'role-session' ? caller.role : undefined;
  if (!entity) return [];
  const boundary = boundaryOf(world, entity);
  return [...identityPoliciesOf(world, entity), ...(boundary ? [boundary] : [])].map((p) => p.document);
}

/** SCPs and RCPs: part of every question. */
function organizationDocuments(world: World): PolicyDocument[] {
  const org = world.organization;
  return org ? [...org.serviceControlPolicies, ...org.resourceControlPolicies].map((p) => p.document) : [];
}

/** The strings of a KMS question on a key: its key policy and grants, SCPs, RCPs and the caller's own policies. */
export function kmsQuestionStrings(world: World, key: Key): (own: PolicyDocument[]) => PolicyStrings {
  return (own) => {
    const strings = new PolicyStrings().addDocument(key.policy.document).addStrings(key.grants);
    for (const document of [...organizationDocuments(world), ...own]) strings.addDocument(document);
    return strings;
  };
}

/**
 * The strings of sts:AssumeRole questions: the role's trust policy (or, without a role, every trust policy: for
 * whole chains), SCPs, RCPs and the caller's own policies.
 */
export function assumeRoleQuestionStrings(world: World, role?: Role): (own: PolicyDocument[]) => PolicyStrings {
  const roles = role ? [role] : [...world.accounts.values()].flatMap((a) => [...a.roles.values()]);
  const trust = roles.map((r) => r.trustPolicy?.document);
  return (own) => {
    const strings = new PolicyStrings();
    for (const document of [...trust, ...organizationDocuments(world), ...own]) strings.addDocument(document);
    return strings;
  };
}

/**
 * Partitions callers into groups that `strings` (plus each group's own policies) cannot tell apart. Order is
 * kept: groups appear in the order of their first member, members in the given order.
 */
export function groupCallers(world: World, callers: readonly Caller[], strings: (own: PolicyDocument[]) => PolicyStrings): Caller[][] {
  const bySignature = new Map<string, Caller[]>();
  for (const caller of callers) {
    const { signature } = describe(world, caller);
    const list = bySignature.get(signature) ?? [];
    list.push(caller);
    bySignature.set(signature, list);
  }
  const groups = new Map<string, Caller[]>();
  let singleton = 0;
  for (const [signature, members] of bySignature) {
    const policyStrings = strings(ownDocuments(world, members[0]!));
    for (const caller of members) {
      const { names, tags } = describe(world, caller);
      const id = policyStrings.namesInVariables ? `single ${singleton++}` : `${signature}\n${policyStrings.profileOf(names, tags)}`;
      const list = groups.get(id) ?? [];
      list.push(caller);
      groups.set(id, list);
    }
  }
  const first = new Map(callers.map((c, i) => [c, i]));
  return [...groups.values()].sort((a, b) => first.get(a[0]!)! - first.get(b[0]!)!);
}

interface Description { signature: string; names: string[]; tags: Array<[string, string]> }

/** Signatures, names and tags per world and caller ARN: they depend on neither the key nor the question. */
const descriptions = new WeakMap<World, Map<string, Description>>();

function describe(world: World, caller: Caller): Description {
  let cache = descriptions.get(world);
  if (!cache) { cache = new Map(); descriptions.set(world, cache); }
  let description = cache.get(caller.arn);
  if (!description) {
    description = { signature: callerSignature(world, caller), names: namesOf(world, caller), tags: tagsOf(world, caller) };
    cache.set(caller.arn, description);
  }
  return description;
}

/**
 * A question typed to `keyproof query`, as parsed (src/query/parse.ts). Principals and keys are as written:
 * short names (`user/bob`, `alias/app`, `key/ID`, an account id) or full ARNs; src/query/resolve.ts resolves them.
 */
export type Query =
  | { kind: 'who-can'; action: string; key: string }
  | { kind: 'can'; principal: string; action: string; key: string; context: string[]; transitive: boolean }
  | { kind: 'what-can'; principal: string }
  /** `why can't P A K`: the check of the request, and on a DENY the changes that would allow it. */
  | { kind: 'why-not'; principal: string; action: string; key: string; context: string[]; transitive: boolean }
  /** `which keys are public` (anyone can use them) or `which keys are external` (usable from outside the organization). */
  | { kind: 'which-keys'; exposure: 'public' | 'external' };

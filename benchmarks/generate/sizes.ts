/**
 * The benchmark sizes of issue 6. S is the example worlds as they ship; M, L and XL are generated.
 */
export type SizeName = 'S' | 'M' | 'L' | 'XL';

export const SIZE_NAMES: readonly SizeName[] = ['S', 'M', 'L', 'XL'];

export interface GeneratedSize {
  accounts: number;
  /** IAM users and roles, over all accounts. */
  principals: number;
  keys: number;
  /** Accounts outside the organization that policies name (partners): not described by the world. */
  externalAccounts: number;
}

export const GENERATED_SIZES: Record<Exclude<SizeName, 'S'>, GeneratedSize> = {
  M: { accounts: 10, principals: 500, keys: 50, externalAccounts: 2 },
  L: { accounts: 50, principals: 5_000, keys: 500, externalAccounts: 5 },
  XL: { accounts: 200, principals: 50_000, keys: 5_000, externalAccounts: 10 },
};

/** The example worlds that make up size S, relative to the project root. */
export const S_WORLDS = ['examples/world.yaml', 'examples/seed-alice.yaml', 'examples/seed-bob.yaml'];

export const DEFAULT_SEED = 20240601;

export function isSizeName(text: string): text is SizeName {
  return (SIZE_NAMES as readonly string[]).includes(text);
}

/**
 * The regions to collect KMS keys in, per account: those named with `--regions`, or every region the account has
 * enabled (account:ListRegions, opt status ENABLED or ENABLED_BY_DEFAULT), or with `--regions all` every region
 * ListRegions knows, enabled or not (a region that is not enabled then fails and is recorded as incomplete).
 */
import { ListRegionsCommand, type AccountClient, type Region, type RegionOptStatus } from '@aws-sdk/client-account';
import { allPages } from './organizations.js';

export type RegionChoice = { kind: 'enabled' } | { kind: 'all' } | { kind: 'listed'; regions: string[] };

const ENABLED: RegionOptStatus[] = ['ENABLED', 'ENABLED_BY_DEFAULT'];

/** The verbatim (merged) ListRegions output, and the region names chosen from it. */
export async function listRegions(client: AccountClient, choice: RegionChoice): Promise<{ output: { Regions: Region[] }; regions: string[] }> {
  const filter = choice.kind === 'enabled' ? { RegionOptStatusContains: ENABLED } : {};
  const regions = await allPages<Region>(async (NextToken) => {
    const page = await client.send(new ListRegionsCommand({ ...filter, NextToken }));
    return { items: page.Regions, next: page.NextToken };
  });
  const names = regions.flatMap((r) => (r.RegionName !== undefined ? [r.RegionName] : []));
  return { output: { Regions: regions }, regions: [...new Set(names)].sort() };
}

/** `--regions` as given: `all`, or a comma-separated list of region names. */
export function parseRegionChoice(value: string | undefined): RegionChoice {
  if (value === undefined) return { kind: 'enabled' };
  if (value === 'all') return { kind: 'all' };
  const regions = value.split(',').map((r) => r.trim()).filter((r) => r !== '');
  const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  if (regions.length === 0 || bad !== undefined) {
    throw new Error(`expected "all" or a comma-separated list of region names such as us-east-1,eu-west-1${bad !== undefined ? `, found "${bad}"` : ''}`);
  }
  return { kind: 'listed', regions: [...new Set(regions)].sort() };
}

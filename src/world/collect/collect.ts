/**
 * `keyproof collect`: reads an AWS estate through the AWS SDK and writes it as a world directory. The calling
 * account is collected with the base credentials; with a role name, every ACTIVE account of its organization is
 * collected through that role. Work runs in a small pool; any call that fails is recorded as an incomplete part
 * of the world and the rest goes on. The directory replaces the previous one only once everything is written.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { InputError } from '../../errors.js';
import { AccountClients, baseCredentials, type ClientSettings, type Credentials } from './clients.js';
import { collectAuthorizationDetails } from './iam.js';
import { errorText, IncompleteLog, type CollectedIncompletePart } from './incomplete-log.js';
import { collectKey, listRegion, type CollectedKey } from './kms.js';
import { collectOrganization, type CollectedOrganization, type OutputSink } from './organizations.js';
import { TaskPool } from './pool.js';
import { listRegions, type RegionChoice } from './regions.js';
import { COLLECT_MARKER, StagedDirectory } from './staged-directory.js';
import { stableJson } from './stable-json.js';
import { worldDocument } from './world-document.js';

export type CollectedService = 'iam' | 'kms' | 'org';
export const COLLECTED_SERVICES: readonly CollectedService[] = ['iam', 'kms', 'org'];

export interface CollectOptions {
  /** The world directory to write (replaced as a whole). */
  out: string;
  /** A profile of the shared AWS config files for the base credentials. */
  profile?: string;
  /** Base credentials to use instead of the SDK's provider chain (library use). */
  credentials?: Credentials;
  regions: RegionChoice;
  /** A role to assume in each member account of the organization (e.g. OrganizationAccountAccessRole). */
  roleName?: string;
  externalId?: string;
  /** What to collect; empty means everything. */
  only: readonly CollectedService[];
  /** Requests at once (default 4). */
  concurrency?: number;
  /** The keyproof version, written in the directory's marker. */
  version: string;
  client?: Partial<ClientSettings>;
  onProgress?: (done: number, total: number) => void;
}

export interface CollectSummary {
  out: string;
  callerAccount: string;
  /** Accounts whose IAM was collected. */
  accounts: string[];
  keys: number;
  organization?: string;
  incomplete: CollectedIncompletePart[];
}

const DEFAULT_CONCURRENCY = 4;
/** Attempts per call: a few more than the SDK's 3, since a whole estate is read at once. */
const DEFAULT_MAX_ATTEMPTS = 5;

export async function collect(options: CollectOptions): Promise<CollectSummary> {
  const wanted = (service: CollectedService) => options.only.length === 0 || options.only.includes(service);
  const settings: ClientSettings = { maxAttempts: DEFAULT_MAX_ATTEMPTS, ...options.client };
  const staged = new StagedDirectory(options.out);
  const opened: AccountClients[] = [];
  try {
    const credentials = options.credentials ?? baseCredentials(options.profile);
    const anonymous = new AccountClients('', credentials, settings);
    opened.push(anonymous);
    const callerAccount = await callerAccountOf(anonymous);
    const base = new AccountClients(callerAccount, credentials, settings);
    opened.push(base);

    const log = new IncompleteLog();
    const sink: OutputSink = { json: (segments, output) => staged.write(segments, stableJson(output)), text: (segments, text) => staged.write(segments, text) };
    const discard: OutputSink = { json: (segments) => segments.join('/'), text: (segments) => segments.join('/') };

    let organization: CollectedOrganization | undefined;
    if (wanted('org') || options.roleName !== undefined) {
      organization = await collectOrganization(base.organizations(), callerAccount, log, wanted('org') ? sink : discard);
    }
    const members = options.roleName !== undefined && organization
      ? organization.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== callerAccount).map((a) => a.id)
      : [];

    const authorizationDetails = new Map<string, string>();
    const keys: CollectedKey[] = [];
    const pool = new TaskPool(options.concurrency ?? DEFAULT_CONCURRENCY, options.onProgress);

    const visitRegion = async (clients: AccountClients, account: string, region: string) => {
      const listing = await listRegion(clients.kms(region), account, region, log, sink);
      for (const entry of listing?.keys ?? []) {
        pool.add(async () => {
          const key = await collectKey(clients.kms(region), account, region, entry, listing!.aliases, log, sink);
          if (key) keys.push(key);
        });
      }
    };

    const visitAccount = async (account: string) => {
      let clients = base;
      if (account !== callerAccount) {
        const assumed = await log.attempt({ account, service: 'sts', operation: 'AssumeRole' }, () => base.assumeRole(account, options.roleName!, options.externalId));
        if (!assumed) return;
        opened.push(assumed);
        clients = assumed;
      }
      if (wanted('iam')) {
        const details = await log.attempt({ account, service: 'iam', operation: 'GetAccountAuthorizationDetails' }, () => collectAuthorizationDetails(clients.iam()));
        if (details) authorizationDetails.set(account, sink.json(['accounts', account, 'iam', 'get-account-authorization-details.json'], details));
      }
      if (wanted('kms')) {
        let regions: string[] | undefined;
        if (options.regions.kind === 'listed') {
          regions = options.regions.regions;
        } else {
          const choice = options.regions;
          const listed = await log.attempt({ account, service: 'account', operation: 'ListRegions' }, () => listRegions(clients.account(), choice));
          if (listed) sink.json(['accounts', account, 'account', 'list-regions.json'], listed.output);
          regions = listed?.regions;
        }
        for (const region of regions ?? []) pool.add(() => visitRegion(clients, account, region));
      }
    };

    for (const account of [callerAccount, ...members].sort()) pool.add(() => visitAccount(account));
    await pool.drain();

    const incomplete = log.sorted();
    const world = worldDocument(
      { ...(wanted('org') && organization ? { organization } : {}), authorizationDetails, keys, incomplete },
      ' Written by keyproof collect. Each $file is the verbatim output of the AWS API call its name says (pages merged).\n'
      + ' `incomplete` lists the calls that failed: answers that depend on them say complete: false.',
    );
    staged.write(['world.yaml'], world);
    staged.write([COLLECT_MARKER], stableJson({ tool: 'keyproof collect', version: options.version }));
    staged.commit();
    return {
      out: options.out, callerAccount, accounts: [...authorizationDetails.keys()].sort(), keys: keys.length,
      ...(wanted('org') && organization ? { organization: organization.id } : {}), incomplete,
    };
  } finally {
    staged.abandon();
    for (const clients of opened) clients.destroy();
  }
}

/** The account of the base credentials; without it nothing can be collected, so its failure ends the command. */
async function callerAccountOf(clients: AccountClients): Promise<string> {
  try {
    const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    if (identity.Account === undefined) throw new Error('sts:GetCallerIdentity returned no account');
    return identity.Account;
  } catch (error) {
    throw new InputError(undefined, `cannot collect: the AWS credentials do not work (sts:GetCallerIdentity failed: ${errorText(error)})`);
  }
}

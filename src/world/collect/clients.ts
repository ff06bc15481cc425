/**
 * Credentials and AWS SDK v3 clients for one collection. The base credentials come from the SDK's standard
 * provider chain (environment, shared config and credentials files with `--profile`, SSO, web identity, container
 * and instance metadata); a member account's come from sts:AssumeRole of `--role-name` in that account. Every
 * client uses the SDK's adaptive retry mode (client-side rate limiting plus retries with backoff on throttling:
 * the SDK's "retry behavior" in the AWS SDKs and Tools reference guide) and, for tests and endpoints such as
 * LocalStack, an endpoint override. Credentials live in memory only: nothing here writes them anywhere.
 */
import { AccountClient } from '@aws-sdk/client-account';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';

export type Credentials = NonNullable<KMSClientConfig['credentials']>;

/** IAM, Organizations and the Account service are global: their calls are signed for this region (aws partition). */
export const GLOBAL_REGION = 'us-east-1';

export interface ClientSettings {
  /** Send every request here instead of the AWS endpoint (tests, LocalStack). */
  endpoint?: string;
  /** Attempts per call, first included (the SDK's default is 3). */
  maxAttempts: number;
  /**
   * A fixed base delay for retries, in milliseconds, instead of the SDK's (100 ms, 500 ms on throttling, with
   * jitter), and a client-side rate limiter that never waits long: for tests against a local endpoint only.
   */
  retryBaseDelayMs?: number;
}

/** The base credentials: the standard provider chain, from `profile` when given. */
export function baseCredentials(profile: string | undefined): Credentials {
  return fromNodeProviderChain(profile !== undefined ? { profile } : {});
}

type ServiceClient = AccountClient | IAMClient | KMSClient | OrganizationsClient | STSClient;
const CLIENTS = { account: AccountClient, iam: IAMClient, kms: KMSClient, organizations: OrganizationsClient, sts: STSClient } as const;
type ServiceName = keyof typeof CLIENTS;

/** The clients of one account (one set of credentials), made on first use and kept for the collection. */
export class AccountClients {
  private readonly made = new Map<string, ServiceClient>();

  constructor(
    readonly accountId: string,
    private readonly credentials: Credentials,
    private readonly settings: ClientSettings,
  ) {}

  account(): AccountClient { return this.client('account', GLOBAL_REGION) as AccountClient; }
  iam(): IAMClient { return this.client('iam', GLOBAL_REGION) as IAMClient; }
  organizations(): OrganizationsClient { return this.client('organizations', GLOBAL_REGION) as OrganizationsClient; }
  sts(): STSClient { return this.client('sts', GLOBAL_REGION) as STSClient; }
  kms(region: string): KMSClient { return this.client('kms', region) as KMSClient; }

  /** Credentials for `roleName` in `accountId`, assumed with these credentials (optionally with an external id). */
  async assumeRole(accountId: string, roleName: string, externalId: string | undefined): Promise<AccountClients> {
    const { Credentials: issued } = await this.sts().send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
      RoleSessionName: 'keyproof-collect',
      ...(externalId !== undefined ? { ExternalId: externalId } : {}),
    }));
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error(`sts:AssumeRole returned no credentials for account ${accountId}`);
    const credentials = {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      ...(issued.SessionToken !== undefined ? { sessionToken: issued.SessionToken } : {}),
      ...(issued.Expiration !== undefined ? { expiration: issued.Expiration } : {}),
    };
    return new AccountClients(accountId, credentials, this.settings);
  }

  /** Closes every client's connections (keep-alive sockets would otherwise hold the process). */
  destroy(): void {
    for (const client of this.made.values()) client.destroy();
    this.made.clear();
  }

  private client(service: ServiceName, region: string): ServiceClient {
    const id = `${service} ${region}`;
    let client = this.made.get(id);
    if (!client) {
      client = new CLIENTS[service](clientConfig(region, this.credentials, this.settings));
      this.made.set(id, client);
    }
    return client;
  }
}

function clientConfig(region: string, credentials: Credentials, settings: ClientSettings) {
  const { retryBaseDelayMs, maxAttempts } = settings;
  const retry = retryBaseDelayMs === undefined
    ? { retryMode: 'adaptive', maxAttempts }
    : {
      retryStrategy: new AdaptiveRetryStrategy(maxAttempts, {
        backoff: { computeNextBackoffDelay: (attempt: number) => retryBaseDelayMs * 2 ** attempt, setDelayBase: () => {} },
        rateLimiter: new DefaultRateLimiter({ minFillRate: 1000 }),
      }),
    };
  return { region, credentials, ...retry, ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}) };
}

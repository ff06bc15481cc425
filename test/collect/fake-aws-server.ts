/**
 * A local AWS endpoint (node:http on 127.0.0.1, a random port) serving the estate of fake-estate.ts to the real AWS
 * SDK clients: their serialization, SigV4 signing and retries run unchanged. Requests are routed by the service and
 * region of the SigV4 credential scope, and by the operation (query `Action`, JSON `X-Amz-Target`, REST path); the
 * account is the one the access key belongs to (the base key is the management account's; AssumeRole issues a key
 * per account). It paginates (IsTruncated/Marker, NextMarker/Truncated, NextToken), throttles chosen calls once,
 * refuses the role in the denied account, and answers a region that is not enabled as AWS does. Every call is
 * recorded as `service:Operation` so that tests compare them with docs/collector-policy.json.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  credentialScope, queryError, queryParameters, queryResponse, urlEncodedDocument, type Scope,
} from './fake-aws-protocols.js';
import {
  APPS, ASSUMED_SECRET_PREFIX, ASSUMED_TOKEN_PREFIX, BASE_ACCESS_KEY, DENIED, IAM, KEYS, MANAGEMENT, ORG_ID, ORG_POLICIES,
  REGIONS, ROOT_ID, TREE, type FakeKey,
} from './fake-estate.js';

class Refusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

export interface FakeAwsOptions {
  /** Calls (`service:Operation`, optionally `@account` or `@region`) that fail once with throttling, then succeed. */
  throttleOnce?: string[];
  /** Calls that always fail with throttling (beyond any retry). */
  throttleAlways?: string[];
  /** Wait this long before answering any call matching (to interrupt a collection midway). */
  stall?: { call: string; ms: number };
}

export class FakeAws {
  readonly calls: string[] = [];
  /** Every request's x-amz-security-token and Authorization access key, to check which credentials were used. */
  readonly accessKeys: string[] = [];
  /** The calls answered with throttling. */
  readonly throttledCalls: string[] = [];
  private server: Server | undefined;
  private readonly throttled = new Set<string>();
  private readonly accountOfKey = new Map<string, string>([[BASE_ACCESS_KEY, MANAGEMENT]]);

  constructor(private readonly options: FakeAwsOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => { void this.handle(request, response); });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const scope = credentialScope(request.headers.authorization);
    if (!scope) return send(response, 403, 'application/json', JSON.stringify({ __type: 'MissingAuthenticationTokenException', message: 'not signed' }));
    this.accessKeys.push(scope.accessKeyId);
    const account = this.accountOfKey.get(scope.accessKeyId);
    try {
      if (account === undefined) throw new Refusal(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      if (scope.service === 'iam' || scope.service === 'sts') return await this.query(scope, account, body, response);
      if (scope.service === 'account') return await this.restJson(scope, account, request.url ?? '', body, response);
      return await this.json11(scope, account, String(request.headers['x-amz-target'] ?? ''), body, response);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (scope.service === 'iam' || scope.service === 'sts') return send(response, error.status, 'text/xml', queryError(error.code, error.message));
      if (scope.service === 'account') {
        response.setHeader('x-amzn-ErrorType', error.code);
        return send(response, error.status, 'application/json', JSON.stringify({ message: error.message }));
      }
      return send(response, error.status, 'application/x-amz-json-1.1', JSON.stringify({ __type: error.code, message: error.message }));
    }
  }

  /** Records the call and applies the throttling and stalls asked for. */
  private async enter(service: string, operation: string, account: string, region: string): Promise<void> {
    const call = `${service}:${operation}`;
    this.calls.push(call);
    const names = [call, `${call}@${account}`, `${call}@${region}`];
    const throttleCode = service === 'organizations' ? 'TooManyRequestsException' : service === 'iam' || service === 'sts' ? 'Throttling' : 'ThrottlingException';
    if (names.some((n) => this.options.throttleAlways?.includes(n))) {
      this.throttledCalls.push(call);
      throw new Refusal(400, throttleCode, 'Rate exceeded');
    }
    const once = names.find((n) => this.options.throttleOnce?.includes(n));
    if (once !== undefined && !this.throttled.has(once)) {
      this.throttled.add(once);
      this.throttledCalls.push(call);
      throw new Refusal(400, throttleCode, 'Rate exceeded');
    }
    if (this.options.stall && names.includes(this.options.stall.call)) await new Promise((r) => setTimeout(r, this.options.stall!.ms));
  }

  // ---- IAM and STS: the query protocol ----

  private async query(scope: Scope, account: string, body: string, response: ServerResponse): Promise<void> {
    const { action, params } = queryParameters(body);
    await this.enter(scope.service, action, account, scope.region);
    const result = scope.service === 'sts' ? this.sts(action, account, params) : this.iam(action, account, params);
    const namespace = scope.service === 'sts' ? 'https://sts.amazonaws.com/doc/2011-06-15/' : 'https://iam.amazonaws.com/doc/2010-05-08/';
    send(response, 200, 'text/xml', queryResponse(action, namespace, result));
  }

  private sts(action: string, account: string, params: Record<string, string | string[]>): unknown {
    if (action === 'GetCallerIdentity') return { UserId: 'AIDACOLLECTOR0000001', Account: account, Arn: `arn:aws:iam::${account}:user/collector` };
    if (action === 'AssumeRole') {
      const target = /^arn:aws:iam::(\d{12}):role\/OrganizationAccountAccessRole$/.exec(String(params.RoleArn));
      if (!target || account !== MANAGEMENT) throw new Refusal(403, 'AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${String(params.RoleArn)}`);
      if (target[1] === DENIED) throw new Refusal(403, 'AccessDenied', `User: arn:aws:iam::${MANAGEMENT}:user/collector is not authorized to perform: sts:AssumeRole on resource: ${String(params.RoleArn)}`);
      if (params.ExternalId !== 'keyproof-test-external-id') throw new Refusal(403, 'AccessDenied', 'the external id does not match');
      const accessKeyId = `ASIAFAKE${target[1]}`;
      this.accountOfKey.set(accessKeyId, target[1]!);
      return {
        Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: `${ASSUMED_SECRET_PREFIX}${target[1]}`, SessionToken: `${ASSUMED_TOKEN_PREFIX}${target[1]}`, Expiration: new Date(Date.now() + 3600_000) },
        AssumedRoleUser: { AssumedRoleId: `AROAORGACCESS0000000:keyproof-collect`, Arn: `arn:aws:sts::${target[1]}:assumed-role/OrganizationAccountAccessRole/keyproof-collect` },
      };
    }
    throw new Refusal(400, 'InvalidAction', `unknown STS action ${action}`);
  }

  /** GetAccountAuthorizationDetails, three entities a page: users, then groups, roles and policies, in that order. */
  private iam(action: string, account: string, params: Record<string, string | string[]>): unknown {
    if (action !== 'GetAccountAuthorizationDetails') throw new Refusal(400, 'InvalidAction', `unknown IAM action ${action}`);
    const filters = Array.isArray(params.Filter) ? params.Filter : [];
    if (['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'].some((f) => !filters.includes(f))) {
      throw new Refusal(400, 'ValidationError', `expected every filter, got ${filters.join(',')}`);
    }
    const details = IAM[account] ?? { users: [], groups: [], roles: [], policies: [] };
    const encodeInline = (p: any) => ({ PolicyName: p.PolicyName, PolicyDocument: urlEncodedDocument(p.PolicyDocument) });
    const encodeUser = (u: any) => ({ ...u, UserPolicyList: u.UserPolicyList.map(encodeInline) });
    const encodeGroup = (g: any) => ({ ...g, GroupPolicyList: g.GroupPolicyList.map(encodeInline) });
    const encodeRole = (r: any) => ({ ...r, AssumeRolePolicyDocument: urlEncodedDocument(r.AssumeRolePolicyDocument), RolePolicyList: r.RolePolicyList.map(encodeInline) });
    const encodePolicy = (p: any) => ({ ...p, PolicyVersionList: p.PolicyVersionList.map((v: any) => ({ ...v, Document: urlEncodedDocument(v.Document) })) });
    const all: Array<[string, unknown]> = [
      ...details.users.map((u) => ['UserDetailList', encodeUser(u)] as [string, unknown]),
      ...details.groups.map((g) => ['GroupDetailList', encodeGroup(g)] as [string, unknown]),
      ...details.roles.map((r) => ['RoleDetailList', encodeRole(r)] as [string, unknown]),
      ...details.policies.map((p) => ['Policies', encodePolicy(p)] as [string, unknown]),
    ];
    const start = params.Marker !== undefined ? Number(String(params.Marker).slice('page-'.length)) : 0;
    const page = all.slice(start, start + 3);
    const result: Record<string, unknown> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const [list, item] of page) (result[list] as unknown[]).push(item);
    const truncated = start + 3 < all.length;
    return { ...result, IsTruncated: truncated, ...(truncated ? { Marker: `page-${start + 3}` } : {}) };
  }

  // ---- Account: REST-JSON ----

  private async restJson(scope: Scope, account: string, path: string, body: string, response: ServerResponse): Promise<void> {
    if (path !== '/listRegions') throw new Refusal(404, 'ResourceNotFoundException', `no route ${path}`);
    await this.enter('account', 'ListRegions', account, scope.region);
    const input = JSON.parse(body || '{}') as { RegionOptStatusContains?: string[] };
    const regions = REGIONS.filter((r) => !input.RegionOptStatusContains || input.RegionOptStatusContains.includes(r.RegionOptStatus));
    send(response, 200, 'application/json', JSON.stringify({ Regions: regions }));
  }

  // ---- KMS and Organizations: JSON 1.1 ----

  private async json11(scope: Scope, account: string, target: string, body: string, response: ServerResponse): Promise<void> {
    const [prefix, operation = ''] = target.split('.');
    const input = JSON.parse(body || '{}') as Record<string, any>;
    let result: unknown;
    if (prefix === 'TrentService' && scope.service === 'kms') {
      await this.enter('kms', operation, account, scope.region);
      if (REGIONS.find((r) => r.RegionName === scope.region)?.RegionOptStatus === 'DISABLED') {
        // What AWS answers for a region the account has not enabled.
        throw new Refusal(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
      }
      result = this.kms(operation, account, scope.region, input);
    } else if (prefix === 'AWSOrganizationsV20161128' && scope.service === 'organizations') {
      await this.enter('organizations', operation, account, scope.region);
      result = this.organizations(operation, account, input);
    } else {
      throw new Refusal(400, 'UnknownOperationException', `unknown target ${target}`);
    }
    send(response, 200, 'application/x-amz-json-1.1', JSON.stringify(result));
  }

  private kms(operation: string, account: string, region: string, input: Record<string, any>): unknown {
    const keys = KEYS.filter((k) => k.arn.split(':')[3] === region && k.arn.split(':')[4] === account);
    const find = (): FakeKey => {
      const found = keys.find((k) => k.arn.endsWith(`/${String(input.KeyId)}`) || k.arn === input.KeyId);
      if (!found) throw new Refusal(400, 'NotFoundException', `Key '${String(input.KeyId)}' does not exist`);
      return found;
    };
    switch (operation) {
      case 'ListKeys': return markerPage(keys.map((k) => ({ KeyId: k.arn.split('/')[1], KeyArn: k.arn })), input.Marker, 1, 'Keys');
      case 'ListAliases': return markerPage(keys.flatMap((k) => k.aliases.map((a) => ({
        AliasName: a, AliasArn: `arn:aws:kms:${region}:${account}:${a}`, TargetKeyId: k.arn.split('/')[1],
      }))).concat([{ AliasName: 'alias/aws/ebs', AliasArn: `arn:aws:kms:${region}:${account}:alias/aws/ebs`, TargetKeyId: undefined as unknown as string }]), input.Marker, 2, 'Aliases');
      case 'DescribeKey': return { KeyMetadata: find().metadata };
      case 'GetKeyPolicy': {
        if (input.PolicyName !== 'default') throw new Refusal(400, 'NotFoundException', 'only the default policy');
        return { Policy: JSON.stringify(find().policy, null, 2), PolicyName: 'default' };
      }
      case 'ListGrants': return markerPage(find().grants, input.Marker, 2, 'Grants');
      case 'ListResourceTags': {
        const key = find();
        if (key.metadata.KeyManager === 'AWS') throw new Refusal(400, 'AccessDeniedException', 'cannot list tags of an AWS managed key');
        return markerPage(key.tags, input.Marker, 1, 'Tags');
      }
      default: throw new Refusal(400, 'UnknownOperationException', operation);
    }
  }

  private organizations(operation: string, account: string, input: Record<string, any>): unknown {
    if (account !== MANAGEMENT) throw new Refusal(400, 'AccessDeniedException', 'You don\'t have permissions to access this resource.');
    const policy = () => {
      const found = ORG_POLICIES.find((p) => p.Id === input.PolicyId);
      if (!found) throw new Refusal(400, 'PolicyNotFoundException', String(input.PolicyId));
      return found;
    };
    const summary = (p: (typeof ORG_POLICIES)[number]) => ({
      Id: p.Id, Arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/${p.Type.toLowerCase()}/${p.Id}`, Name: p.Name, Description: p.Name, Type: p.Type, AwsManaged: p.AwsManaged,
    });
    switch (operation) {
      case 'DescribeOrganization': return { Organization: {
        Id: ORG_ID, Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG_ID}`, FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${MANAGEMENT}`, MasterAccountId: MANAGEMENT, MasterAccountEmail: 'management@example.com',
        AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      } };
      case 'ListRoots': return tokenPage([{ Id: ROOT_ID, Arn: `arn:aws:organizations::${MANAGEMENT}:root/${ORG_ID}/${ROOT_ID}`, Name: 'Root',
        PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }, { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' }] }], input.NextToken, 10, 'Roots');
      case 'ListOrganizationalUnitsForParent': return tokenPage((TREE[input.ParentId]?.ous ?? []).map((ou) => ({
        ...ou, Arn: `arn:aws:organizations::${MANAGEMENT}:ou/${ORG_ID}/${ou.Id}`,
      })), input.NextToken, 1, 'OrganizationalUnits');
      case 'ListAccountsForParent': return tokenPage((TREE[input.ParentId]?.accounts ?? []).map((id) => ({
        Id: id, Arn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${id}`, Email: `${id}@example.com`, Name: `account-${id}`,
        Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: id === MANAGEMENT ? 'CREATED' : 'INVITED', JoinedTimestamp: 1704164645,
      })), input.NextToken, 1, 'Accounts');
      case 'ListPolicies': return tokenPage(ORG_POLICIES.filter((p) => p.Type === input.Filter).map(summary), input.NextToken, 2, 'Policies');
      case 'DescribePolicy': { const p = policy(); return { Policy: { PolicySummary: summary(p), Content: JSON.stringify(p.content) } }; }
      case 'ListTargetsForPolicy': return tokenPage(policy().targets.map((id) => ({
        TargetId: id, Arn: `arn:aws:organizations::${MANAGEMENT}:target/${id}`, Name: id,
        Type: id.startsWith('r-') ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT',
      })), input.NextToken, 4, 'Targets');
      default: throw new Refusal(400, 'UnknownOperationException', operation);
    }
  }
}

/** KMS pagination: `Marker` in, `NextMarker` and `Truncated` out. */
function markerPage(items: unknown[], marker: unknown, size: number, field: string): unknown {
  const start = typeof marker === 'string' ? Number(marker.slice('m-'.length)) : 0;
  const truncated = start + size < items.length;
  return { [field]: items.slice(start, start + size), Truncated: truncated, ...(truncated ? { NextMarker: `m-${start + size}` } : {}) };
}

/** Organizations pagination: `NextToken` in and out. */
function tokenPage(items: unknown[], token: unknown, size: number, field: string): unknown {
  const start = typeof token === 'string' ? Number(token.slice('t-'.length)) : 0;
  const more = start + size < items.length;
  return { [field]: items.slice(start, start + size), ...(more ? { NextToken: `t-${start + size}` } : {}) };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': type, 'x-amzn-requestid': '00000000-0000-0000-0000-000000000000' });
  response.end(body);
}

export { APPS, DENIED, MANAGEMENT };

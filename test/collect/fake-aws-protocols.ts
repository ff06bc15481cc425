/**
 * The wire formats of the AWS APIs the collector calls, as the fake endpoint answers them: the query protocol
 * (IAM, STS: form-encoded requests, XML responses whose lists are `<member>` elements, errors as `<ErrorResponse>`),
 * JSON 1.1 (KMS, Organizations: `X-Amz-Target: Service.Operation`, errors as `{"__type": ...}`) and REST-JSON
 * (the Account service: `POST /listRegions`, errors named in `x-amzn-ErrorType`). And the SigV4 credential scope,
 * from which the endpoint learns the access key, region and service of each request.
 */
export interface Scope {
  accessKeyId: string;
  region: string;
  service: string;
}

/** `Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...`. */
export function credentialScope(authorization: string | undefined): Scope | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(authorization ?? '');
  return match ? { accessKeyId: match[1]!, region: match[2]!, service: match[3]! } : undefined;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A value as query-protocol XML: objects as elements, lists as `<member>` items, dates in ISO 8601. */
function xmlOf(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => `<member>${xmlOf(item)}</member>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `<${k}>${xmlOf(v)}</${k}>`).join('');
  }
  return escapeXml(String(value));
}

export function queryResponse(operation: string, namespace: string, result: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${namespace}"><${operation}Result>${xmlOf(result)}</${operation}Result>`
    + `<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></${operation}Response>`;
}

export function queryError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code>`
    + `<Message>${escapeXml(message)}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`;
}

/** A query request's parameters; `Name.member.N` lists become arrays. */
export function queryParameters(body: string): { action: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const list = /^(.+)\.member\.(\d+)$/.exec(key);
    if (list) {
      const existing = params[list[1]!];
      params[list[1]!] = [...(Array.isArray(existing) ? existing : []), value];
    } else {
      params[key] = value;
    }
  }
  return { action: String(params.Action ?? ''), params };
}

/** What an IAM policy document looks like in the IAM API: URL-encoded JSON (iam/reference_policies_grammar.md). */
export function urlEncodedDocument(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

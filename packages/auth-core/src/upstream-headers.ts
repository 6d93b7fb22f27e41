// Which headers a tenant may set on the platform's requests to its upstream (a 'header'
// credential, or any custom header): none that changes how the request is framed or routed, who
// it claims to come from, the MCP protocol state the gateway manages, or that unlocks a cloud
// metadata service. Checked when the credential is saved and again on every request.

/** Header names only: letters, digits and hyphens (a subset of RFC 9110 tokens). */
const NAME = /^[A-Za-z0-9-]{1,128}$/;

const REFUSED: Record<string, string> = {};
const refuse = (reason: string, names: string[]) => names.forEach((n) => (REFUSED[n] = reason));
refuse('a hop-by-hop header', ['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade']);
refuse('it frames the request', ['host', 'content-length', 'content-type', 'content-encoding', 'expect']);
refuse('it claims where the request comes from', [
  'forwarded',
  'via',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-cluster-client-ip',
  'x-originating-ip',
  'x-remote-ip',
  'x-remote-addr',
  'client-ip',
]);
refuse('it reroutes the request', [
  'x-original-url',
  'x-rewrite-url',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);
refuse('a cloud metadata header', ['metadata', 'metadata-flavor', 'x-google-metadata-request']);
refuse('the gateway manages it', [
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
  'accept',
  'cookie',
]);

const REFUSED_PREFIXES: [string, string][] = [
  ['proxy-', 'a hop-by-hop header'],
  ['x-forwarded-', 'it claims where the request comes from'],
  ['x-aws-ec2-metadata-token', 'a cloud metadata header'],
  ['x-aliyun-ecs-metadata-token', 'a cloud metadata header'],
];

/** Why this header name may not be set on upstream requests, or null when it may. */
export function upstreamHeaderNameRefusal(name: string): string | null {
  if (typeof name !== 'string' || !NAME.test(name)) return 'Letters, digits and hyphens only (1 to 128).';
  const lower = name.toLowerCase();
  const reason = REFUSED[lower] ?? REFUSED_PREFIXES.find(([prefix]) => lower.startsWith(prefix))?.[1];
  return reason ? `This header cannot be set on upstream requests: ${reason}.` : null;
}

/** Why this header value may not be sent, or null: no control characters (header injection). */
export function upstreamHeaderValueRefusal(value: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value))
    return 'Control characters (such as line breaks) are not allowed.';
  return null;
}

// People's MCP hosts in tests: a tenant with the example server, a member (role `member`)
// granted some tools on it, clients registered dynamically, and the authorization code flow
// driven with the member's console session (the API calls the consent page makes).
import { randomBytes } from 'node:crypto';
import { s256Challenge } from '@portcullis/auth-core';
import { addMember, type Client } from './harness';
import { postForm, setupTenantWithServer } from './fixtures';
import { initializeAt, mcpHeaders } from './mcp-http';

export type PeopleEnv = Awaited<ReturnType<typeof setupPeople>>;

export const REDIRECT = 'http://127.0.0.1:43123/callback';

export async function setupPeople(
  baseUrl: string,
  grant: { tools: '*' | string[]; resources?: boolean | string[]; prompts?: boolean | string[] } = {
    tools: ['echo'],
  },
) {
  const env = await setupTenantWithServer(baseUrl);
  const member = await addMember(baseUrl, env.owner.client, 'member');
  const put = await env.owner.client.request('PUT', `/api/v1/servers/${env.serverId}/member-grants`, {
    subject: { role: 'member' },
    ...grant,
  });
  if (put.status !== 200) throw new Error(`member grant failed: ${put.status} ${JSON.stringify(put.body)}`);
  return { ...env, member, register: `${env.issuer}/register`, token: `${env.issuer}/token` };
}

export async function registerClient(env: { register: string }, metadata: Record<string, unknown> = {}) {
  const res = await fetch(env.register, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Test Host',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      ...metadata,
    }),
  });
  const body = (await res.json()) as Record<string, any>;
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(body)}`);
  return body as { client_id: string; client_secret?: string } & Record<string, any>;
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

/** GET {issuer}/authorize without following redirects. */
export async function authorizeRequest(
  issuer: string,
  params: Record<string, string | undefined>,
  headers: Record<string, string> = {},
) {
  const url = new URL(`${issuer}/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual', headers });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** The pending request id in a redirect to the console's consent page. */
export function requestIdOf(location: string | null): string {
  const url = new URL(location ?? 'about:blank');
  if (url.pathname !== '/authorize') throw new Error(`not a consent redirect: ${location}`);
  return url.searchParams.get('request')!;
}

/** The whole front channel: authorize, the member decides on the consent page, back to the client. */
export async function authorizeAs(
  member: Client,
  env: { issuer: string; gatewayUrl: string },
  clientId: string,
  opts: {
    decision?: 'allow' | 'deny';
    scope?: string;
    resource?: string | null;
    redirectUri?: string;
    state?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const p = pkce();
  const state = opts.state ?? randomBytes(8).toString('hex');
  const redirectUri = opts.redirectUri ?? REDIRECT;
  const start = await authorizeRequest(
    env.issuer,
    {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
      state,
      scope: opts.scope,
      resource: opts.resource === null ? undefined : (opts.resource ?? env.gatewayUrl),
    },
    opts.headers,
  );
  if (start.status !== 302) throw new Error(`authorize: ${start.status} ${start.text.slice(0, 300)}`);
  const id = requestIdOf(start.location);
  const view = await member.get(`/api/v1/auth/authorizations/${id}`);
  const decided = await member.post(`/api/v1/auth/authorizations/${id}`, {
    decision: opts.decision ?? 'allow',
  });
  if (decided.status !== 200) throw new Error(`decision: ${decided.status} ${JSON.stringify(decided.body)}`);
  const back = new URL(decided.body.redirectTo as string);
  return {
    view: view.body,
    back,
    code: back.searchParams.get('code'),
    state,
    verifier: p.verifier,
    redirectUri,
  };
}

export function redeem(
  env: { token: string },
  clientId: string,
  code: string,
  verifier: string,
  extra: Record<string, string> = {},
) {
  return postForm(env.token, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    ...extra,
  });
}

export function refresh(
  env: { token: string },
  clientId: string,
  refreshToken: string,
  extra: Record<string, string> = {},
) {
  return postForm(env.token, {
    grant_type: 'refresh_token',
    client_id: clientId,
    refresh_token: refreshToken,
    ...extra,
  });
}

/** One JSON-RPC call at the gateway with a bearer token (initialize first: the server wants a session). */
export async function callTool(
  gatewayUrl: string,
  token: string,
  name: string,
  args: Record<string, unknown> = {},
) {
  const headers = mcpHeaders(token);
  const init = await initializeAt(gatewayUrl, token);
  if (init.status !== 200)
    return { status: init.status, body: await init.text(), challenge: init.headers.get('www-authenticate') };
  await init.text();
  const session = init.headers.get('mcp-session-id');
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { ...headers, ...(session ? { 'mcp-session-id': session } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } }),
  });
  return { status: res.status, body: await res.text(), challenge: res.headers.get('www-authenticate') };
}

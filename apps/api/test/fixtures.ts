// A tenant with the example MCP server registered (tools discovered and approved), an agent
// granted on it, and a client secret: the starting point of the OAuth and gateway suites.
import { startExampleServer } from '@portcullis/example-mcp-server';
import { type Client, signUpOwner } from './harness';

export async function waitUntil<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function registerExampleServer(
  owner: Client,
  opts: { slug?: string; requiredToken?: string } = {},
) {
  const upstream = await startExampleServer({ port: 0, requiredToken: opts.requiredToken });
  const created = await owner.post('/api/v1/servers', {
    slug: opts.slug ?? 'example',
    name: 'Example',
    upstreamUrl: upstream.url,
    upstreamAuth: opts.requiredToken ? { type: 'bearer', token: opts.requiredToken } : { type: 'none' },
    autoApproveTools: false,
  });
  if (created.status !== 201)
    throw new Error(`register failed: ${created.status} ${JSON.stringify(created.body)}`);
  const serverId: string = created.body.id;
  const tools = await waitUntil('tool discovery', async () => {
    const res = await owner.get(`/api/v1/servers/${serverId}/tools`);
    return res.body.items?.length > 0 ? res.body.items : undefined;
  });
  return { upstream, serverId, gatewayUrl: created.body.gatewayUrl as string, tools };
}

export async function approveAll(owner: Client, serverId: string) {
  const tools = (await owner.get(`/api/v1/servers/${serverId}/tools`)).body.items as {
    id: string;
    fingerprint: string;
  }[];
  for (const t of tools)
    await owner.post(`/api/v1/servers/${serverId}/tools/${t.id}/approve`, { fingerprint: t.fingerprint });
}

export async function agentWithSecret(
  owner: Client,
  serverId: string,
  grant: { tools: '*' | string[] } = { tools: '*' },
  authMethods?: string[],
) {
  const agent = await owner.post('/api/v1/agents', { name: 'bot', ...(authMethods ? { authMethods } : {}) });
  await owner.request('PUT', `/api/v1/agents/${agent.body.id}/grants/${serverId}`, { tools: grant.tools });
  const secret = await owner.post(`/api/v1/agents/${agent.body.id}/secrets`, {});
  return {
    agentId: agent.body.id as string,
    clientId: agent.body.clientId as string,
    clientSecret: secret.body.clientSecret as string,
    secretId: secret.body.secret.id as string,
  };
}

export async function setupTenantWithServer(baseUrl: string) {
  const owner = await signUpOwner(baseUrl);
  const tenant = (await owner.client.get('/api/v1/tenant')).body as { slug: string; id: string };
  const server = await registerExampleServer(owner.client);
  await approveAll(owner.client, server.serverId);
  return { owner, tenant, ...server, issuer: `${baseUrl}/t/${tenant.slug}` };
}

/** POST a form to an OAuth endpoint. */
export async function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, headers: res.headers, body };
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

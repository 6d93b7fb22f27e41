// The gateway with the official MCP TypeScript SDK client, given only the gateway URL and
// credentials: discovery, token, initialize, filtered tools/list, permitted and refused calls.
import { executionAsyncId } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ClientCredentialsProvider,
  PrivateKeyJwtProvider,
} from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { startTestApp, type TestApp } from './harness';
import { mcpHeaders } from './mcp-http';
import {
  agentWithSecret,
  basic,
  postForm,
  registerExampleServer,
  approveAll,
  setupTenantWithServer,
} from './fixtures';

let app: TestApp;
let env: Awaited<ReturnType<typeof setupTenantWithServer>>;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true' });
  env = await setupTenantWithServer(app.baseUrl);
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

async function connect(authProvider: ConstructorParameters<typeof StreamableHTTPClientTransport>[1]) {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(env.gatewayUrl), authProvider));
  return client;
}

const text = (r: unknown) => (r as { content: { type: string; text: string }[] }).content[0]?.text ?? '';

describe('MCP SDK client through the gateway', () => {
  it('discovers, gets a token, lists only granted tools, calls a granted tool and is refused another', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId, { tools: ['echo', 'get_customer'] });
    const client = await connect({
      authProvider: new ClientCredentialsProvider({
        clientId: agent.clientId,
        clientSecret: agent.clientSecret,
        expectedIssuer: env.issuer,
      }),
    });
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(['echo', 'get_customer']);
    const echoed = await client.callTool({ name: 'echo', arguments: { text: 'hello gateway' } });
    expect(text(echoed)).toContain('hello gateway');
    const refused = await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } }).then(
      (r) => ({ result: r }),
      (e: Error) => ({ error: e.message }),
    );
    expect(refused).toEqual({ error: expect.stringMatching(/not permitted/) });
    await client.close();
  });

  it('leaves the promise hooks off once the app has served calls and admin transactions', async () => {
    // On Node 20 one AsyncLocalStorage in use turns on the promise hooks for the whole process:
    // every promise of every call pays for them. With them on, a promise continuation runs under
    // its own async id; off, under 0. (The app runs in this process; the calls above went through it.)
    const probe = async () => {
      await null;
      return executionAsyncId();
    };
    expect([await probe(), await probe()]).toEqual([0, 0]);
  });

  it('works with private_key_jwt (PrivateKeyJwtProvider)', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId, { tools: '*' }, ['private_key_jwt']);
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    await env.owner.client.post(`/api/v1/agents/${agent.agentId}/keys`, {
      jwk: { ...(await exportJWK(publicKey)), alg: 'ES256' },
    });
    const client = await connect({
      authProvider: new PrivateKeyJwtProvider({
        clientId: agent.clientId,
        privateKey: await exportPKCS8(privateKey),
        algorithm: 'ES256',
        expectedIssuer: env.issuer,
      }),
    });
    const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
    expect(text(result)).toContain('5');
    await client.close();
  });

  it('accepts an API key as a bearer token, with the same authorization model', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId, { tools: '*' });
    const key = await env.owner.client.post(`/api/v1/agents/${agent.agentId}/api-keys`, {
      name: 'dev',
      scope: [{ serverId: env.serverId, tools: ['echo'] }],
    });
    expect(key.status).toBe(201);
    const client = await connect({ requestInit: { headers: { Authorization: `Bearer ${key.body.key}` } } });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'k' } }))).toContain('k');
    await expect(client.callTool({ name: 'add', arguments: { a: 1, b: 1 } })).rejects.toThrow(
      /not permitted/,
    );
    await client.close();
    // RFC 7009 revocation by the agent that owns the key.
    const revoked = await postForm(
      `${env.issuer}/revoke`,
      { token: key.body.key },
      { authorization: basic(agent.clientId, agent.clientSecret) },
    );
    expect(revoked.status).toBe(200);
    const after = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(key.body.key),
      body: initialize(),
    });
    expect(after.status).toBe(401);
    const listed = await env.owner.client.get(`/api/v1/agents/${agent.agentId}/api-keys`);
    expect(listed.body.items[0].status).toBe('revoked');
  });

  it('relays progress notifications over SSE', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const client = await connect({
      authProvider: new ClientCredentialsProvider({
        clientId: agent.clientId,
        clientSecret: agent.clientSecret,
        expectedIssuer: env.issuer,
      }),
    });
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'slow_count', arguments: { to: 3, delayMs: 10 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(progress).toEqual([1, 2, 3]);
    expect(text(result)).toContain('3');
    await client.close();
  });

  it('injects the server credential upstream and never forwards the agent token', async () => {
    const owner = env.owner.client;
    const guarded = await registerExampleServer(owner, {
      slug: 'guarded',
      requiredToken: 'upstream-secret-token-123',
    });
    await approveAll(owner, guarded.serverId);
    const agent = await agentWithSecret(owner, guarded.serverId);
    const token = (
      await postForm(
        `${env.issuer}/token`,
        { grant_type: 'client_credentials', resource: guarded.gatewayUrl },
        { authorization: basic(agent.clientId, agent.clientSecret) },
      )
    ).body.access_token;
    const client = await connect({ requestInit: { headers: { Authorization: `Bearer ${token}` } } }).catch(
      (e) => e,
    );
    // The SDK transport needs the gateway URL of this server: reconnect there.
    const c2 = new Client({ name: 't', version: '1' });
    await c2.connect(
      new StreamableHTTPClientTransport(new URL(guarded.gatewayUrl), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    const who = JSON.parse(text(await c2.callTool({ name: 'whoami', arguments: {} })));
    expect(who.authorization.present).toBe(true);
    expect(JSON.stringify(who)).not.toContain(token.slice(0, 20));
    await c2.close();
    if (client instanceof Client) await client.close();
    await guarded.upstream.close();
  });
});

function initialize(id = 1, protocolVersion = '2025-06-18') {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
}
async function tokenFor(resource: string, tools: '*' | string[] = '*') {
  const agent = await agentWithSecret(env.owner.client, env.serverId, { tools });
  const res = await postForm(
    `${env.issuer}/token`,
    { grant_type: 'client_credentials', resource },
    { authorization: basic(agent.clientId, agent.clientSecret) },
  );
  return { agent, token: res.body.access_token as string, headers: res.headers };
}

describe('gateway refusals', () => {
  it('answers 401 with one Bearer challenge pointing at the resource metadata', async () => {
    const res = await fetch(env.gatewayUrl, { method: 'POST', headers: mcpHeaders(), body: initialize() });
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate')!;
    expect(challenge).toMatch(
      /^Bearer resource_metadata="[^"]+", scope="mcp:tools mcp:resources mcp:prompts"$/,
    );
    const prmUrl = /resource_metadata="([^"]+)"/.exec(challenge)![1]!;
    const prm = await (await fetch(prmUrl)).json();
    expect(prm).toEqual({
      resource: env.gatewayUrl,
      authorization_servers: [env.issuer],
      scopes_supported: ['mcp:tools', 'mcp:resources', 'mcp:prompts'],
      bearer_methods_supported: ['header'],
      resource_name: 'Example',
    });
    const bad = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders('garbage.token.here'),
      body: initialize(),
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('refuses a token for another server, another tenant, a revoked token and a disabled agent', async () => {
    const owner = env.owner.client;
    const other = await registerExampleServer(owner, { slug: 'other' });
    await approveAll(owner, other.serverId);
    const { token } = await tokenFor(env.gatewayUrl);
    const onB = await fetch(other.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: initialize(),
    });
    expect(onB.status).toBe(401);
    // Another tenant with the same server slug: a token of tenant A is not valid there.
    const second = await setupTenantWithServer(app.baseUrl);
    const crossTenant = await fetch(second.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: initialize(),
    });
    expect(crossTenant.status).toBe(401);
    await second.upstream.close();
    await other.upstream.close();

    const r = await tokenFor(env.gatewayUrl);
    expect(
      (await fetch(env.gatewayUrl, { method: 'POST', headers: mcpHeaders(r.token), body: initialize() }))
        .status,
    ).toBe(200);
    await postForm(
      `${env.issuer}/revoke`,
      { token: r.token },
      { authorization: basic(r.agent.clientId, r.agent.clientSecret) },
    );
    expect(
      (await fetch(env.gatewayUrl, { method: 'POST', headers: mcpHeaders(r.token), body: initialize() }))
        .status,
    ).toBe(401);

    const d = await tokenFor(env.gatewayUrl);
    expect(
      (await fetch(env.gatewayUrl, { method: 'POST', headers: mcpHeaders(d.token), body: initialize() }))
        .status,
    ).toBe(200);
    await owner.patch(`/api/v1/agents/${d.agent.agentId}`, { status: 'disabled' });
    expect(
      (await fetch(env.gatewayUrl, { method: 'POST', headers: mcpHeaders(d.token), body: initialize() }))
        .status,
    ).toBe(401);
  });

  it('refuses a deleted server, a bad Origin, query-string tokens and duplicate Authorization headers', async () => {
    const owner = env.owner.client;
    const doomed = await registerExampleServer(owner, { slug: 'doomed' });
    const { token } = await tokenFor(env.gatewayUrl);
    await owner.delete(`/api/v1/servers/${doomed.serverId}`);
    expect(
      (await fetch(doomed.gatewayUrl, { method: 'POST', headers: mcpHeaders(token), body: initialize() }))
        .status,
    ).toBe(404);
    await doomed.upstream.close();
    expect(
      (
        await fetch(env.gatewayUrl, {
          method: 'POST',
          headers: mcpHeaders(token, { origin: 'https://evil.example' }),
          body: initialize(),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await fetch(`${env.gatewayUrl}?access_token=${token}`, {
          method: 'POST',
          headers: mcpHeaders(),
          body: initialize(),
        })
      ).status,
    ).toBe(400);
    const dup = await rawPost(
      env.gatewayUrl,
      [
        ['Authorization', `Bearer ${token}`],
        ['Authorization', `Bearer ${token}`],
      ],
      initialize(),
    );
    expect(dup).toBe(400);
  });

  it('answers CORS to an allowed origin only, with the methods and headers in the preflight alone', async () => {
    const { token } = await tokenFor(env.gatewayUrl);
    const origin = 'http://console.test'; // the console's origin: allowed
    const post = (headers: Record<string, string>) =>
      fetch(env.gatewayUrl, { method: 'POST', headers: mcpHeaders(token, headers), body: initialize() });
    const cors = (res: { headers: Headers }) =>
      Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control-')));

    const browser = await post({ origin });
    expect(browser.status).toBe(200);
    expect(cors(browser)).toEqual({
      'access-control-allow-origin': origin,
      'access-control-expose-headers': 'Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate',
    });
    expect(browser.headers.get('vary')).toMatch(/Origin/);
    // An agent sends no Origin: nothing of CORS is its business.
    const agent = await post({});
    expect(agent.status).toBe(200);
    expect(cors(agent)).toEqual({});

    const preflight = await fetch(env.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(cors(preflight)).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-max-age': '600',
    });
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Mcp-Session-Id/);
    const stranger = await fetch(env.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

    // The token endpoint: any origin, no credentials; methods and headers in its preflight only.
    const tokenPreflight = await fetch(`${env.issuer}/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://host.example', 'access-control-request-method': 'POST' },
    });
    expect(tokenPreflight.status).toBe(204);
    expect(cors(tokenPreflight)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-max-age': '600',
    });
    const issued = await tokenFor(env.gatewayUrl);
    expect(cors(issued)).toEqual({ 'access-control-allow-origin': '*' });
  });

  it('answers oversized headers with 431', async () => {
    const res = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders('x', { 'x-padding': 'p'.repeat(20 * 1024) }),
      body: initialize(),
    });
    expect(res.status).toBe(431);
  });

  it('answers malformed JSON-RPC, refused batches and oversized bodies cleanly', async () => {
    const { token } = await tokenFor(env.gatewayUrl);
    const bad = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: '{"jsonrpc": "2.0", ',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe(-32700);
    const batch = JSON.stringify([JSON.parse(initialize(1)), { jsonrpc: '2.0', id: 2, method: 'ping' }]);
    const refused = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(token, { 'mcp-protocol-version': '2025-06-18' }),
      body: batch,
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).error.message).toMatch(/batching/);
    const big = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'ping',
        params: { pad: 'x'.repeat(5 * 1024 * 1024) },
      }),
    });
    expect(big.status).toBe(413);
  });

  it('authorizes a legacy batch message by message', async () => {
    const { token } = await tokenFor(env.gatewayUrl, ['echo']);
    const init = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(token, { 'mcp-protocol-version': '2025-03-26' }),
      body: initialize(1, '2025-03-26'),
    });
    const session = init.headers.get('mcp-session-id')!;
    expect(session).toBeTruthy();
    await init.text();
    const batch = JSON.stringify([
      { jsonrpc: '2.0', id: 10, method: 'tools/call', params: { name: 'echo', arguments: { text: 'ok' } } },
      { jsonrpc: '2.0', id: 11, method: 'tools/call', params: { name: 'add', arguments: { a: 1, b: 2 } } },
    ]);
    const res = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(token, {
        'mcp-session-id': session,
        accept: 'application/json, text/event-stream',
      }),
      body: batch,
    });
    const body = await res.text();
    expect(body).toContain('"id":11');
    expect(body).toMatch(/not permitted/);
    expect(body).toContain('ok');
  });

  it('binds sessions to the agent that opened them', async () => {
    const a = await tokenFor(env.gatewayUrl);
    const b = await tokenFor(env.gatewayUrl);
    const init = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(a.token),
      body: initialize(),
    });
    const session = init.headers.get('mcp-session-id')!;
    const hijack = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(b.token, { 'mcp-session-id': session }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(hijack.status).toBe(404);
    const noToken = await fetch(env.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(undefined, { 'mcp-session-id': session }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    });
    expect(noToken.status).toBe(401);
  });

  it('turns an unreachable upstream into a JSON-RPC error the client can show', async () => {
    const owner = env.owner.client;
    const gone = await registerExampleServer(owner, { slug: 'flaky' });
    await approveAll(owner, gone.serverId);
    const agent = await agentWithSecret(owner, gone.serverId);
    const token = (
      await postForm(
        `${env.issuer}/token`,
        { grant_type: 'client_credentials', resource: gone.gatewayUrl },
        { authorization: basic(agent.clientId, agent.clientSecret) },
      )
    ).body.access_token;
    await gone.upstream.close();
    const res = await fetch(gone.gatewayUrl, {
      method: 'POST',
      headers: mcpHeaders(token),
      body: initialize(5),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ jsonrpc: '2.0', id: 5, error: { code: -32002 } });
    expect(body.error.message).toMatch(/unavailable/);
  });
});

/** A raw HTTP/1.1 request, for what fetch will not send (duplicate Authorization headers). */
async function rawPost(url: string, headers: [string, string][], body: string): Promise<number> {
  const { request } = await import('node:http');
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: [
          'content-type',
          'application/json',
          'accept',
          'application/json, text/event-stream',
          ...headers.flat(),
        ] as unknown as Record<string, string>,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

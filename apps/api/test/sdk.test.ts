// @portcullis/sdk against the running API: an agent that knows only the gateway URL and its
// credentials, the official MCP SDK plugged in with one line, and the example MCP server accepting
// platform tokens directly through the SDK's verifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { createAgentAuth } from '@portcullis/sdk/agent';
import { startExampleServer, type ExampleServer } from '@portcullis/example-mcp-server';
import { startTestApp, type TestApp } from './harness';
import {
  agentWithSecret,
  approveAll,
  basic,
  postForm,
  registerExampleServer,
  setupTenantWithServer,
} from './fixtures';

let app: TestApp;
let env: Awaited<ReturnType<typeof setupTenantWithServer>>;
let agent: Awaited<ReturnType<typeof agentWithSecret>>;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true' });
  env = await setupTenantWithServer(app.baseUrl);
  agent = await agentWithSecret(env.owner.client, env.serverId);
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as { type: string; text: string }[])[0]?.text;

describe('createAgentAuth against Portcullis', () => {
  it('discovers issuer, resource and token endpoint from the gateway URL alone, and gets a token for it', async () => {
    const auth = createAgentAuth({
      gatewayUrl: env.gatewayUrl,
      clientId: agent.clientId,
      clientSecret: agent.clientSecret,
    });
    const found = await auth.discover();
    expect(found.resource).toBe(env.gatewayUrl);
    expect(found.authorizationServer.issuer).toBe(env.issuer);
    expect(found.authorizationServer.tokenEndpoint).toBe(`${env.issuer}/token`);
    const token = await auth.getToken();
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(`${env.issuer}/jwks.json`)),
      {
        issuer: env.issuer,
        audience: env.gatewayUrl,
        typ: 'at+jwt',
      },
    );
    expect(payload.client_id).toBe(agent.clientId);
    expect(protectedHeader.alg).toBe('ES256');
    expect(await auth.getToken()).toBe(token);
  });

  it("calls a tool through the gateway with the SDK's OAuthClientProvider, and with its fetch wrapper", async () => {
    const auth = createAgentAuth({
      gatewayUrl: env.gatewayUrl,
      clientId: agent.clientId,
      clientSecret: agent.clientSecret,
    });
    const viaProvider = new Client({ name: 'sdk-provider', version: '1.0.0' });
    await viaProvider.connect(
      new StreamableHTTPClientTransport(new URL(env.gatewayUrl), { authProvider: auth.authProvider() }),
    );
    expect(
      textOf(await viaProvider.callTool({ name: 'echo', arguments: { text: 'through the provider' } })),
    ).toBe('through the provider');
    await viaProvider.close();

    const viaFetch = new Client({ name: 'sdk-fetch', version: '1.0.0' });
    await viaFetch.connect(new StreamableHTTPClientTransport(new URL(env.gatewayUrl), { fetch: auth.fetch }));
    expect(textOf(await viaFetch.callTool({ name: 'echo', arguments: { text: 'through fetch' } }))).toBe(
      'through fetch',
    );
    await viaFetch.close();
  });

  it('gets a new token after the platform revokes the one in use, with the provider and with the fetch wrapper', async () => {
    const revoke = (token: string) =>
      postForm(
        `${env.issuer}/revoke`,
        { token },
        { authorization: basic(agent.clientId, agent.clientSecret) },
      );
    for (const plug of ['provider', 'fetch'] as const) {
      const auth = createAgentAuth({
        gatewayUrl: env.gatewayUrl,
        clientId: agent.clientId,
        clientSecret: agent.clientSecret,
      });
      const client = new Client({ name: `sdk-${plug}`, version: '1.0.0' });
      const options = plug === 'provider' ? { authProvider: auth.authProvider() } : { fetch: auth.fetch };
      await client.connect(new StreamableHTTPClientTransport(new URL(env.gatewayUrl), options));
      const first = await auth.getToken();
      expect((await revoke(first)).status).toBe(200);
      // The gateway now answers 401 to that token: the SDK (provider) or the wrapper (fetch) gets another.
      expect(
        textOf(await client.callTool({ name: 'echo', arguments: { text: `after revocation, ${plug}` } })),
      ).toBe(`after revocation, ${plug}`);
      expect(await auth.getToken()).not.toBe(first);
      await client.close();
    }
  });

  it('gets a token with private_key_jwt, and reports a refused client without retrying', async () => {
    const keyed = await agentWithSecret(env.owner.client, env.serverId, { tools: '*' }, ['private_key_jwt']);
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const added = await env.owner.client.post(`/api/v1/agents/${keyed.agentId}/keys`, {
      jwk: { ...(await exportJWK(publicKey)), alg: 'EdDSA' },
    });
    expect(added.status).toBe(201);
    const auth = createAgentAuth({
      gatewayUrl: env.gatewayUrl,
      clientId: keyed.clientId,
      privateKey: await exportJWK(privateKey),
    });
    const client = new Client({ name: 'sdk-jwt', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(env.gatewayUrl), { fetch: auth.fetch }));
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'signed' } }))).toBe('signed');
    await client.close();

    const wrong = createAgentAuth({
      gatewayUrl: env.gatewayUrl,
      clientId: agent.clientId,
      clientSecret: 'not-the-secret',
    });
    await expect(wrong.getToken()).rejects.toMatchObject({
      code: 'token_refused',
      status: 401,
      oauthError: 'invalid_client',
    });
  });
});

describe('the example MCP server in platform-token mode', () => {
  let direct: ExampleServer;
  const metadataUrl = () =>
    `${app.baseUrl}/.well-known/oauth-protected-resource${new URL(env.gatewayUrl).pathname}`;
  beforeAll(async () => {
    direct = await startExampleServer({
      port: 0,
      platformAuth: { issuer: env.issuer, audience: env.gatewayUrl, resourceMetadataUrl: metadataUrl() },
    });
  });
  afterAll(() => direct?.close());

  const connect = async (token: string) => {
    const client = new Client({ name: 'direct', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(direct.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  };
  const post = (authorization?: string) =>
    fetch(direct.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      }),
    });

  it("accepts the agent's platform token for this server and knows the agent", async () => {
    const auth = createAgentAuth({
      issuer: env.issuer,
      clientId: agent.clientId,
      clientSecret: agent.clientSecret,
    });
    const client = await connect(await auth.getToken({ resource: env.gatewayUrl }));
    const whoami = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))!);
    expect(whoami.agent).toEqual({ clientId: agent.clientId, scopes: ['mcp:tools'] });
    await client.close();
  });

  it('refuses no token, a token for another server, a token of another tenant and a forged one', async () => {
    const none = await post();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${metadataUrl()}"`);

    const other = await registerExampleServer(env.owner.client, { slug: 'other' });
    try {
      await approveAll(env.owner.client, other.serverId);
      await env.owner.client.request('PUT', `/api/v1/agents/${agent.agentId}/grants/${other.serverId}`, {
        tools: '*',
      });
      const auth = createAgentAuth({
        gatewayUrl: other.gatewayUrl,
        clientId: agent.clientId,
        clientSecret: agent.clientSecret,
      });
      const forOther = await post(`Bearer ${await auth.getToken()}`);
      expect(forOther.status).toBe(401);
      expect(forOther.headers.get('www-authenticate')).toMatch(
        /error="invalid_token", error_description="[^"]*aud/,
      );
    } finally {
      await other.upstream.close();
    }

    const second = await setupTenantWithServer(app.baseUrl);
    try {
      const stranger = await agentWithSecret(second.owner.client, second.serverId);
      const token = await createAgentAuth({
        gatewayUrl: second.gatewayUrl,
        clientId: stranger.clientId,
        clientSecret: stranger.clientSecret,
      }).getToken();
      const foreign = await post(`Bearer ${token}`);
      expect(foreign.status).toBe(401);
      expect(foreign.headers.get('www-authenticate')).toContain('error="invalid_token"');

      const mine = await createAgentAuth({
        gatewayUrl: env.gatewayUrl,
        clientId: agent.clientId,
        clientSecret: agent.clientSecret,
      }).getToken();
      const [header, , signature] = mine.split('.');
      const [, payload] = token.split('.');
      expect((await post(`Bearer ${header}.${payload}.${signature}`)).status).toBe(401);
      expect((await post(`Bearer ${mine}`)).status).toBe(200);
    } finally {
      await second.upstream.close();
    }
  });
});

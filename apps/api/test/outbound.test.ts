// Every request the platform makes to an address a tenant chose (gateway calls, tool discovery,
// connection tests, webhooks) takes the one outbound path: a name resolved once and pinned, no
// redirect followed, no forbidden header. Names resolve through a test resolver; no network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startExampleServer, type ExampleServer } from '@portcullis/example-mcp-server';
import { httpServer, scriptedDns, type TestServer } from '@portcullis/testkit';
import { signUpOwner, startTestApp, type Client, type TestApp } from './harness';
import { agentWithSecret, approveAll, basic, postForm, waitUntil } from './fixtures';

const dns = scriptedDns({ 'mcp.rebind.test': [['127.0.0.1']] });
let app: TestApp;
let owner: Client;
let issuer: string;
/** Where a followed redirect to loopback would land: it must never see a request. */
let loopbackTarget: TestServer;
/** Answers everything with a redirect: /loopback/... to loopbackTarget, /metadata/... to 169.254.169.254. */
let redirecting: TestServer;
const closing: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  app = await startTestApp(
    {
      RUN_WORKER: 'true',
      UPSTREAM_DNS_PIN_SEC: '3600',
      AUDIT_SINK_BACKOFF_MS: '50',
      AUDIT_SINK_ATTEMPTS: '2',
    },
    { resolver: dns },
  );
  const o = await signUpOwner(app.baseUrl);
  owner = o.client;
  issuer = `${app.baseUrl}/t/${(await owner.get('/api/v1/tenant')).body.slug}`;
  loopbackTarget = await httpServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"stolen":true}'),
  );
  redirecting = await httpServer((req, res) => {
    const location = req.url!.startsWith('/metadata/')
      ? 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'
      : `${loopbackTarget.url}/stolen`;
    res.writeHead(req.method === 'POST' ? 307 : 302, { location }).end();
  });
  closing.push(loopbackTarget, redirecting);
});
afterAll(async () => {
  await app?.close();
  await Promise.all(closing.map((c) => c.close()));
});

async function register(slug: string, upstreamUrl: string, upstreamAuth: object = { type: 'none' }) {
  const res = await owner.post('/api/v1/servers', { slug, name: slug, upstreamUrl, upstreamAuth });
  expect(res.status).toBe(201);
  return res.body as { id: string; gatewayUrl: string };
}

async function tokenFor(serverId: string, gatewayUrl: string) {
  const agent = await agentWithSecret(owner, serverId, { tools: '*' });
  const res = await postForm(
    `${issuer}/token`,
    { grant_type: 'client_credentials', resource: gatewayUrl },
    { authorization: basic(agent.clientId, agent.clientSecret) },
  );
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

async function initializeThroughGateway(gatewayUrl: string, token: string) {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { id: number; error?: { code: number; message: string } },
  };
}

const syncOf = async (id: string) => {
  const s = (await owner.get(`/api/v1/servers/${id}`)).body as {
    lastSyncStatus: string;
    lastSyncError: string | null;
  };
  return s.lastSyncStatus === 'pending' ? undefined : s;
};

describe('DNS rebinding', () => {
  let upstream: ExampleServer;
  let rebound: TestServer;
  afterAll(async () => {
    await upstream?.close();
    await rebound?.close();
  });

  it('keeps gateway calls on the address checked when the name was resolved; the rebound address is never asked for nor reached', async () => {
    upstream = await startExampleServer({ port: 0, host: '127.0.0.1' });
    // The same port on another loopback address: where a socket that resolved again would go.
    rebound = await httpServer(
      (_req: IncomingMessage, res: ServerResponse) => res.writeHead(500).end(),
      '127.0.0.2',
      upstream.port,
    );
    const server = await register('rebind', `http://mcp.rebind.test:${upstream.port}/mcp`);
    await waitUntil(
      'discovery',
      async () => (await owner.get(`/api/v1/servers/${server.id}/tools`)).body.items?.length > 0,
    );
    await approveAll(owner, server.id);
    const token = await tokenFor(server.id, server.gatewayUrl);

    dns.answer('mcp.rebind.test', ['127.0.0.2']);
    const asked = dns.asked.length;
    const client = new McpClient({ name: 'agent', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.gatewayUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const results = await Promise.all(
      ['a', 'b', 'c'].map((t) => client.callTool({ name: 'echo', arguments: { text: t } })),
    );
    expect(results.map((r) => (r.content as { text: string }[])[0]!.text)).toEqual(['a', 'b', 'c']);
    await client.close();
    expect(dns.asked.length).toBe(asked);
    expect(rebound.seen).toHaveLength(0);
  });
});

describe.each(['loopback', 'metadata'])('a redirect to %s', (kind) => {
  const message = /^the server answered with a redirect \(HTTP 30[27]\), which is not followed$/;

  it('fails a connection test, without following it', async () => {
    const res = await owner.post('/api/v1/servers/test-connection', {
      upstreamUrl: `${redirecting.url}/${kind}/mcp`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, serverName: null, toolCount: null });
    expect(res.body.error).toMatch(message);
    expect(loopbackTarget.seen).toHaveLength(0);
  });

  it('fails tool discovery and a gateway call, without following it', async () => {
    const server = await register(`redirect-${kind}`, `${redirecting.url}/${kind}/mcp`);
    const sync = await waitUntil('discovery', () => syncOf(server.id));
    expect(sync).toMatchObject({ lastSyncStatus: 'error' });
    expect(sync.lastSyncError).toMatch(message);

    const token = await tokenFor(server.id, server.gatewayUrl);
    const call = await initializeThroughGateway(server.gatewayUrl, token);
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({ id: 7, error: { code: -32002 } });
    expect(call.body.error!.message).toMatch(/unavailable/);
    expect(loopbackTarget.seen).toHaveLength(0);
  });

  it('fails a webhook delivery, without following it', async () => {
    const sink = await owner.post('/api/v1/audit/sinks', {
      name: `hook-${kind}`,
      kind: 'webhook',
      url: `${redirecting.url}/${kind}/hook`,
      actions: ['api_token.created'],
    });
    expect(sink.status).toBe(201);
    await owner.post('/api/v1/api-tokens', { name: `trigger-${kind}`, role: 'auditor' });
    const failed = await waitUntil('a failed delivery', async () => {
      const items = (await owner.get(`/api/v1/audit/sinks/${sink.body.sink.id}/deliveries`)).body.items as {
        lastError: string | null;
      }[];
      return items.find((d) => d.lastError);
    });
    expect(failed.lastError).toMatch(message);
    expect(loopbackTarget.seen).toHaveLength(0);
  });
});

describe('custom upstream headers', () => {
  const forbidden = [
    'Metadata-Flavor',
    'X-aws-ec2-metadata-token',
    'X-Google-Metadata-Request',
    'Host',
    'Connection',
    'Transfer-Encoding',
    'Proxy-Authorization',
    'X-Forwarded-For',
    'Forwarded',
    'X-Real-IP',
    'Content-Length',
  ];

  it('are refused at the API with a field error, and nothing is stored', async () => {
    const before = (await owner.get('/api/v1/servers')).body.items.length;
    for (const headerName of forbidden) {
      const auth = { type: 'header', headerName, value: 'secret-value' };
      const created = await owner.post('/api/v1/servers', {
        slug: 'hdr',
        name: 'hdr',
        upstreamUrl: `${loopbackTarget.url}/mcp`,
        upstreamAuth: auth,
      });
      expect(created.status).toBe(400);
      expect(created.body.errors).toEqual([
        {
          path: 'upstreamAuth.headerName',
          message: expect.stringMatching(/^This header cannot be set on upstream requests/),
        },
      ]);
      const tested = await owner.post('/api/v1/servers/test-connection', {
        upstreamUrl: `${loopbackTarget.url}/mcp`,
        upstreamAuth: auth,
      });
      expect(tested.status).toBe(400);
    }
    const injected = await owner.post('/api/v1/servers', {
      slug: 'hdr',
      name: 'hdr',
      upstreamUrl: `${loopbackTarget.url}/mcp`,
      upstreamAuth: { type: 'header', headerName: 'X-Api-Key', value: 'k\r\nHost: evil' },
    });
    expect(injected.status).toBe(400);
    expect(injected.body.errors).toEqual([
      { path: 'upstreamAuth.value', message: expect.stringMatching(/Control characters/) },
    ]);
    const bearer = await owner.post('/api/v1/servers', {
      slug: 'hdr',
      name: 'hdr',
      upstreamUrl: `${loopbackTarget.url}/mcp`,
      upstreamAuth: { type: 'bearer', token: 'a\nb' },
    });
    expect(bearer.body.errors).toEqual([
      { path: 'upstreamAuth.token', message: expect.stringMatching(/Control characters/) },
    ]);

    const ok = await register('hdr-ok', `${loopbackTarget.url}/mcp`, {
      type: 'header',
      headerName: 'X-Api-Key',
      value: 'secret-value',
    });
    const patched = await owner.patch(`/api/v1/servers/${ok.id}`, {
      upstreamAuth: { type: 'header', headerName: 'Metadata-Flavor', value: 'Google' },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.errors[0].path).toBe('upstreamAuth.headerName');
    expect((await owner.get(`/api/v1/servers/${ok.id}`)).body.upstreamAuth.headerName).toBe('X-Api-Key');
    expect((await owner.get('/api/v1/servers')).body.items.length).toBe(before + 1);
  });

  it('are refused again at request time (a row written around the API): nothing reaches the upstream', async () => {
    const upstream = await httpServer((_req, res) => res.writeHead(404).end());
    closing.push(upstream);
    const server = await register('hdr-row', `${upstream.url}/mcp`, {
      type: 'header',
      headerName: 'X-Api-Key',
      value: 'secret-value',
    });
    await waitUntil('first discovery', () => syncOf(server.id));
    await app.db.mcpServer.update({
      where: { id: server.id },
      data: { upstreamHeaderName: 'Metadata-Flavor' },
    });
    const seen = upstream.seen.length;

    const token = await tokenFor(server.id, server.gatewayUrl);
    const call = await initializeThroughGateway(server.gatewayUrl, token);
    expect(call.body).toMatchObject({ id: 7, error: { code: -32002 } });
    await owner.post(`/api/v1/servers/${server.id}/sync`);
    const sync = await waitUntil('refused discovery', async () => {
      const s = await syncOf(server.id);
      return s?.lastSyncError?.includes('Metadata-Flavor') ? s : undefined;
    });
    expect(sync.lastSyncError).toBe(
      'Metadata-Flavor: This header cannot be set on upstream requests: a cloud metadata header.',
    );
    expect(upstream.seen.length).toBe(seen);
  });
});

// End-to-end through the official SDK client over real HTTP, in each transport mode.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint } from './auth.js';
import { README_TEXT, TEST_CARD_NUMBER } from './fixtures.js';
import { startExampleServer, type ExampleServer, type ExampleServerOptions } from './server.js';
import type { WhoAmI } from './whoami.js';

const running: ExampleServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(options: ExampleServerOptions = {}): Promise<ExampleServer> {
  const server = await startExampleServer({ port: 0, ...options });
  running.push(server);
  return server;
}

async function connect(url: string, headers: Record<string, string> = {}) {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'example-server-test', version: '0.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

function textOf(result: unknown): string {
  const content = (result as { content: Array<{ type: string; text?: string }> }).content;
  expect(content[0]?.type).toBe('text');
  return content[0]?.text ?? '';
}

const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-11-25',
};

describe('stateful mode (sessions, SSE responses)', () => {
  it('lists and calls every tool, the resource and the prompt', async () => {
    const server = await start();
    const { client, transport } = await connect(server.url);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.sessionCount()).toBe(1);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'add',
      'big_result',
      'echo',
      'get_customer',
      'slow_count',
      'whoami',
    ]);
    expect(tools.find((t) => t.name === 'echo')?.inputSchema.required).toEqual(['text']);

    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'héllo ✓' } }))).toBe('héllo ✓');

    const sum = await client.callTool({ name: 'add', arguments: { a: 2.5, b: 40 } });
    expect(textOf(sum)).toBe('42.5');
    expect(sum.structuredContent).toEqual({ sum: 42.5 });

    const customer = JSON.parse(
      textOf(await client.callTool({ name: 'get_customer', arguments: { id: 'C-1001' } })),
    );
    expect(customer).toMatchObject({ id: 'C-1001', email: 'c-1001@example.com', phone: '+1 202-555-0143' });
    expect(customer.card.number).toBe(TEST_CARD_NUMBER);

    const big = textOf(await client.callTool({ name: 'big_result', arguments: { kilobytes: 512 } }));
    expect(big.length).toBe(512 * 1024);

    const { resources } = await client.listResources();
    expect(resources).toEqual([expect.objectContaining({ uri: 'docs://readme', mimeType: 'text/markdown' })]);
    const readme = await client.readResource({ uri: 'docs://readme' });
    expect(readme.contents[0]).toMatchObject({ uri: 'docs://readme', text: README_TEXT });

    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['summarize_topic']);
    const prompt = await client.getPrompt({
      name: 'summarize_topic',
      arguments: { topic: 'MCP', style: 'terse' },
    });
    expect(prompt.messages[0]?.content).toEqual({
      type: 'text',
      text: 'Summarize MCP in three sentences, in a terse style.',
    });

    await transport.terminateSession();
    expect(server.sessionCount()).toBe(0);
  });

  it('streams notifications/progress for slow_count before the result', async () => {
    const server = await start();
    const { client } = await connect(server.url);
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await client.callTool(
      { name: 'slow_count', arguments: { to: 5, delayMs: 20 } },
      undefined,
      {
        onprogress: (p) => progress.push(p),
      },
    );
    expect(textOf(result)).toBe('5');
    expect(progress).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ progress: n, total: 5, message: `step ${n} of 5` })),
    );
  });

  it('refuses invalid arguments as a tool error', async () => {
    const server = await start();
    const { client } = await connect(server.url);
    const result = await client.callTool({ name: 'big_result', arguments: { kilobytes: 0 } });
    expect(result.isError).toBe(true);
  });

  it('answers 404 for an unknown session and 400 for a request without one', async () => {
    const server = await start();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const unknown = await fetch(server.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-session-id': 'nope' },
      body,
    });
    expect(unknown.status).toBe(404);
    const none = await fetch(server.url, { method: 'POST', headers: MCP_HEADERS, body });
    expect(none.status).toBe(400);
    expect(server.sessionCount()).toBe(0);
  });

  it('closes idle sessions', async () => {
    const server = await start({ sessionIdleMs: 50 });
    const { client } = await connect(server.url);
    expect(server.sessionCount()).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.sessionCount()).toBe(0);
    await expect(client.listTools()).rejects.toMatchObject({ code: 404 });
  });

  it('refuses a foreign browser Origin with 403 and accepts a loopback one', async () => {
    const server = await start({ stateless: true, jsonResponse: true });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const evil = await fetch(server.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, origin: 'https://evil.example' },
      body,
    });
    expect(evil.status).toBe(403);
    const local = await fetch(server.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, origin: 'http://localhost:3000' },
      body,
    });
    expect(local.status).toBe(200);
  });
});

describe('stateless JSON mode', () => {
  it('serves the SDK client without a session and answers 405 to GET', async () => {
    const server = await start({ stateless: true, jsonResponse: true });
    const { client, transport } = await connect(server.url);
    expect(transport.sessionId).toBeUndefined();
    expect(textOf(await client.callTool({ name: 'echo', arguments: { text: 'x' } }))).toBe('x');
    expect(server.sessionCount()).toBe(0);
    const get = await fetch(server.url, { headers: { accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
  });

  it('answers a bare tools/call (the benchmark request) with a JSON body', async () => {
    const server = await start({ stateless: true, jsonResponse: true });
    const res = await fetch(server.url, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'echo', arguments: { text: 'hi' } },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { content: [{ type: 'text', text: 'hi' }] },
    });
  });

  it('still streams progress in stateless SSE mode', async () => {
    const server = await start({ stateless: true });
    const { client } = await connect(server.url);
    let seen = 0;
    const result = await client.callTool(
      { name: 'slow_count', arguments: { to: 3, delayMs: 5 } },
      undefined,
      {
        onprogress: () => void seen++,
      },
    );
    expect(textOf(result)).toBe('3');
    expect(seen).toBe(3);
  });
});

describe('upstream token (requiredToken / UPSTREAM_TOKEN)', () => {
  const token = 'upstream-secret-0123456789';

  it('refuses a client without the token with 401', async () => {
    const server = await start({ requiredToken: token });
    const attempt = connect(server.url);
    await expect(attempt).rejects.toBeInstanceOf(StreamableHTTPError);
    await expect(attempt).rejects.toMatchObject({ code: 401 });

    const res = await fetch(server.url, { method: 'POST', headers: MCP_HEADERS, body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="example-mcp-server"');
  });

  it('refuses a wrong token, a wrong scheme and a prefix of the token', async () => {
    const server = await start({ requiredToken: token });
    for (const authorization of [
      `Bearer ${token}x`,
      `Basic ${token}`,
      `Bearer ${token.slice(0, -1)}`,
      'Bearer',
    ]) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization },
        body: '{}',
      });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('accepts the token and whoami reports what arrived without echoing it', async () => {
    const server = await start({ requiredToken: token });
    const { client } = await connect(server.url, {
      authorization: `Bearer ${token}`,
      'x-upstream-key': 'k-123456',
    });
    const raw = textOf(await client.callTool({ name: 'whoami', arguments: {} }));
    expect(raw).not.toContain(token);
    expect(raw).not.toContain('k-123456');
    const who = JSON.parse(raw) as WhoAmI;
    expect(who.authorization).toEqual({
      present: true,
      scheme: 'Bearer',
      fingerprint: fingerprint(token),
      length: token.length,
    });
    expect(who.upstreamKey).toMatchObject({ present: true, fingerprint: fingerprint('k-123456') });
    expect(who.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(who.protocolVersion).toBe('2025-11-25');
    expect(who.headerNames).toContain('authorization');
  });

  it('leaves /healthz open', async () => {
    const server = await start({ requiredToken: token });
    const res = await fetch(new URL('/healthz', server.url));
    expect(res.status).toBe(200);
  });
});

describe('whoami without credentials', () => {
  it('reports absent Authorization and X-Upstream-Key', async () => {
    const server = await start();
    const { client } = await connect(server.url);
    const who = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))) as WhoAmI;
    expect(who.authorization).toEqual({ present: false });
    expect(who.upstreamKey).toEqual({ present: false });
  });
});

// The configured limits on what an upstream sends back, end to end: a connection test (the MCP
// SDK on the outbound fetch) ends with the limit's own summary, and the gateway's upstream client
// hands back a body that fails with the typed error. Each upstream misbehaves in one way; the
// slow ones never finish on their own, so only the limit can end the wait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { OutboundError } from '@portcullis/outbound';
import { httpServer, type TestServer } from '@portcullis/testkit';
import { UpstreamClient, classifyUpstreamError } from '../src/gateway/upstream-client';
import { signUpOwner, startTestApp, type Client, type TestApp } from './harness';

let app: TestApp;
let owner: Client;
let hostile: TestServer;
const timers = new Set<NodeJS.Timeout>();

const BEHAVIOUR: Record<string, (res: ServerResponse) => void> = {
  big: (res) =>
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ jsonrpc: '2.0', id: 0, result: { pad: 'x'.repeat(100 * 1024) } })),
  event: (res) =>
    res
      .writeHead(200, { 'content-type': 'text/event-stream' })
      .write(`event: message\ndata: ${'y'.repeat(20 * 1024)}`),
  stall: (res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': open\n\n'),
  trickle: (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const timer = setInterval(() => res.write(': still here\n\n'), 50);
    timers.add(timer);
    res.on('close', () => clearInterval(timer));
  },
  silent: () => undefined,
  failing: (res) =>
    res.writeHead(500, { 'content-type': 'text/plain' }).end('db password hunter2 at 10.0.0.5'),
};

beforeAll(async () => {
  app = await startTestApp({
    UPSTREAM_MAX_RESPONSE_BYTES: String(64 * 1024),
    UPSTREAM_MAX_SSE_EVENT_BYTES: String(8 * 1024),
    UPSTREAM_HEADERS_TIMEOUT_MS: '1000',
    UPSTREAM_BODY_IDLE_TIMEOUT_MS: '300',
    UPSTREAM_BODY_TIMEOUT_MS: '1500',
  });
  owner = (await signUpOwner(app.baseUrl)).client;
  hostile = await httpServer((req, res) => {
    req.resume();
    const behave = BEHAVIOUR[req.url!.split('/')[1]!];
    if (behave) behave(res);
    else res.writeHead(404).end();
  });
});
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await app?.close();
  await hostile?.close();
});

describe('a connection test ends with the limit that was passed', () => {
  it.each([
    ['big', 'the answer is larger than 65536 bytes'],
    ['event', "an event of the server's stream is larger than 8192 bytes"],
    ['stall', 'the server stopped sending its answer'],
    ['trickle', 'the answer took longer than 1500 ms'],
    ['silent', 'the server did not answer in time'],
  ])('%s', async (path, error) => {
    const res = await owner.post('/api/v1/servers/test-connection', {
      upstreamUrl: `${hostile.url}/${path}/mcp`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: false, serverName: null, toolCount: null, error });
  });
});

it("describes an upstream error without echoing the upstream's body", async () => {
  const res = await owner.post('/api/v1/servers/test-connection', {
    upstreamUrl: `${hostile.url}/failing/mcp`,
  });
  expect(res.body).toEqual({
    ok: false,
    serverName: null,
    toolCount: null,
    error: 'the server answered HTTP 500',
  });
});

describe("the gateway's upstream client", () => {
  const call = (path: string, limits?: object) =>
    app.app.get(UpstreamClient).request({
      upstreamUrl: `${hostile.url}/${path}/mcp`,
      method: 'POST',
      incoming: { 'content-type': 'application/json' },
      credentialHeaders: {},
      body: '{}',
      limits,
    });

  it('hands back a body that fails with the typed error, which the gateway maps to what an agent is told', async () => {
    const big = await (await call('big')).body.text().catch((e: unknown) => e);
    expect(big).toBeInstanceOf(OutboundError);
    expect((big as OutboundError).code).toBe('response_too_large');
    expect(classifyUpstreamError(big)).toBe('unavailable');
    const stalled = await (await call('stall')).body.text().catch((e: unknown) => e);
    expect((stalled as OutboundError).code).toBe('idle_timeout');
    expect(classifyUpstreamError(stalled)).toBe('timeout');
  });

  it('takes limits per call (a server of its own, a long-lived stream)', async () => {
    const text = await (await call('big', { maxResponseBytes: 1024 * 1024 })).body.text();
    expect(text.length).toBeGreaterThan(100 * 1024);
  });
});

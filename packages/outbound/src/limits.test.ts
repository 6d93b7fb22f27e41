// Limits on answers, each against a real local server misbehaving in one way. No timing
// assertions: a stalled or trickling server never finishes, so only the limit can end the wait.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbound } from './outbound';
import {
  ConnectFailedError,
  OutboundError,
  OutboundTimeoutError,
  RedirectRefusedError,
  ResponseLimitError,
} from './errors';
import { SseEventMeter } from './limits';
import { httpServer, type TestServer } from '@portcullis/testkit';

const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(x: T) => (open.push(x), x);
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function server(handler: (res: ServerResponse) => void): Promise<TestServer> {
  return track(await httpServer((_req, res) => handler(res)));
}

async function failure(p: Promise<unknown>): Promise<OutboundError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OutboundError);
  return e as OutboundError;
}

const outbound = (limits = {}) => track(new Outbound({ allowLoopback: true, limits }));

describe('redirects', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:1/admin'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
  ])('refuses a redirect to %s without following it', async (_what, location) => {
    const target = await server((res) => res.writeHead(200).end('followed'));
    const redirecting = await server((res) =>
      res.writeHead(302, { location: location.replace('127.0.0.1:1', `127.0.0.1:${target.port}`) }).end(),
    );
    const errors: OutboundError[] = [];
    const client = track(new Outbound({ allowLoopback: true, onError: (e) => errors.push(e) }));
    const e = await failure(client.request(`${redirecting.url}/mcp`));
    expect(e).toBeInstanceOf(RedirectRefusedError);
    expect(e.message).toBe('the server answered with a redirect (HTTP 302), which is not followed');
    expect(target.seen).toHaveLength(0);
    // The log hook has the detail; the summary names no address.
    expect(errors).toEqual([e]);
    expect(e.detail.location).toBeDefined();
    expect(e.message).not.toMatch(/127\.0\.0\.1|169\.254/);
  });

  it('refuses every 3xx status', async () => {
    for (const status of [301, 303, 307, 308]) {
      const s = await server((res) => res.writeHead(status, { location: '/elsewhere' }).end());
      expect(((await failure(outbound().request(`${s.url}/`))) as RedirectRefusedError).status).toBe(status);
    }
  });
});

describe('response size', () => {
  it('fails the body stream once it passes the limit (no length announced)', async () => {
    const s = await server((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      for (let i = 0; i < 40; i++) res.write(chunk); // 2.5 MiB, chunked
      res.end();
    });
    const res = await outbound({ maxResponseBytes: 1024 * 1024 }).request(`${s.url}/`);
    const e = await failure(res.body.text());
    expect(e).toBeInstanceOf(ResponseLimitError);
    expect(e.code).toBe('response_too_large');
    expect(e.message).toBe('the answer is larger than 1048576 bytes');
  });

  it('refuses an announced length over the limit before reading the body', async () => {
    const s = await server((res) =>
      res.writeHead(200, { 'content-length': String(2 * 1024 * 1024) }).end(Buffer.alloc(2 * 1024 * 1024)),
    );
    expect((await failure(outbound({ maxResponseBytes: 1024 * 1024 }).request(`${s.url}/`))).code).toBe(
      'response_too_large',
    );
  });

  it('passes an answer exactly at the limit', async () => {
    const s = await server((res) => res.writeHead(200).end(Buffer.alloc(1000, 'b')));
    expect((await (await outbound({ maxResponseBytes: 1000 }).request(`${s.url}/`)).body.text()).length).toBe(
      1000,
    );
  });
});

describe('event size of an event stream', () => {
  it('relays events under the limit, then fails on one larger than the limit', async () => {
    const s = await server((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      // Many small events (more than the limit in total), in every line-ending style.
      for (let i = 0; i < 30; i++) res.write(`event: message\r\ndata: {"n":${i}}\r\n\r\n`);
      res.write('data: small\n\n');
      res.write('data: cr\r\r');
      res.write(`data: ${'x'.repeat(2000)}`); // one event with no end, past the limit
    });
    const res = await outbound({ maxSseEventBytes: 1024 }).request(`${s.url}/`);
    let text = '';
    res.body.setEncoding('utf8');
    const e = await failure(
      new Promise((resolve, reject) => {
        res.body.on('data', (c: string) => (text += c));
        res.body.on('error', reject);
        res.body.on('end', resolve);
      }),
    );
    expect(e.code).toBe('event_too_large');
    expect(e.message).toBe("an event of the server's stream is larger than 1024 bytes");
    expect(text).toContain('data: {"n":29}');
    expect(text).toContain('data: cr');
  });

  it.each([
    ['TEXT/Event-Stream', true],
    [' text/event-stream ;charset=utf-8', true],
    ['text/event-streams', false],
    ['application/json; x=text/event-stream', false],
  ])('tells an event stream by its media type (%s)', async (contentType, metered) => {
    const s = await server((res) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(`data: ${'x'.repeat(2000)}\n\n`);
    });
    const res = await outbound({ maxSseEventBytes: 1024 }).request(`${s.url}/`);
    const read = res.body.text().then(
      (t) => ({ length: t.length }),
      (e: { code?: string }) => ({ code: e.code }),
    );
    expect(await read).toEqual(metered ? { code: 'event_too_large' } : { length: 2008 });
  });

  it('measures events across chunk boundaries and line-ending styles', () => {
    const meter = new SseEventMeter(10);
    const bytes = (s: string) => Buffer.from(s);
    expect(meter.push(bytes('data: 1234'))).toBe(true); // 10 bytes: at the limit
    expect(meter.push(bytes('\r'))).toBe(true);
    expect(meter.push(bytes('\n\r\n'))).toBe(true); // CRLF split across chunks, then a blank line
    expect(meter.push(bytes('data: 1234\n\r'))).toBe(true); // LF then CR: a blank line
    expect(meter.push(bytes('data: 12345'))).toBe(false);
    const lines = new SseEventMeter(10);
    expect(lines.push(bytes('data: 1\ndata: 2\n'))).toBe(false); // one event of two lines: 14 bytes
  });
});

describe('time', () => {
  it('ends a body that stalls (idle time between chunks)', async () => {
    const s = await server((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n'); // then nothing, and never an end
    });
    const res = await outbound({ bodyIdleTimeoutMs: 200 }).request(`${s.url}/`);
    const e = await failure(res.body.text());
    expect(e).toBeInstanceOf(OutboundTimeoutError);
    expect(e.code).toBe('idle_timeout');
  });

  it('ends a body that trickles past the total time', async () => {
    let timer: NodeJS.Timeout | undefined;
    const s = await server((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      timer = setInterval(() => res.write(' '), 20); // never idle, never done
      res.on('close', () => clearInterval(timer));
    });
    const res = await outbound({ bodyTimeoutMs: 300, bodyIdleTimeoutMs: 60_000 }).request(`${s.url}/`);
    const e = await failure(res.body.text());
    expect(e.code).toBe('total_timeout');
    expect(e.message).toBe('the answer took longer than 300 ms');
    clearInterval(timer);
  });

  it('gives up on a server that never sends its headers', async () => {
    const s = await server(() => undefined);
    const e = await failure(outbound({ headersTimeoutMs: 200 }).request(`${s.url}/`));
    expect(e.code).toBe('headers_timeout');
  });
});

describe('connection failures', () => {
  it('summarises a refused connection without the address, which stays in the detail', async () => {
    const s = await server((res) => res.end());
    const port = s.port;
    await s.close();
    const e = await failure(outbound().request(`http://127.0.0.1:${port}/`));
    expect(e).toBeInstanceOf(ConnectFailedError);
    expect(e.message).toBe('the connection was refused');
    expect(e.detail.address).toBe('127.0.0.1');
    expect(e.detail.target).toBe(`http://127.0.0.1:${port}/`);
  });

  it('ends in-flight streams when closed (shutdown does not wait on them)', async () => {
    const s = await server((res) =>
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': open\n\n'),
    );
    const client = new Outbound({ allowLoopback: true });
    const res = await client.request(`${s.url}/`);
    const reading = res.body.text();
    await client.close();
    expect(await failure(reading)).toBeInstanceOf(OutboundError);
    expect((await failure(client.request(`${s.url}/`))).code).toBe('aborted');
  });
});

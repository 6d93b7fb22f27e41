// Resolve once, connect to the checked address: proven with a name whose second DNS answer
// points at another server that counts every request it gets.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbound } from './outbound';
import { ConnectFailedError, OutboundError, TargetRefusedError } from './errors';
import {
  answerTogether,
  httpServer,
  httpsServer,
  scriptedDns,
  selfSignedCert,
  type TestServer,
} from '@portcullis/testkit';

const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(x: T) => (open.push(x), x);
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

const ok = (_req: IncomingMessage, res: ServerResponse): void =>
  void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

/** Server A on 127.0.0.1:P (the checked address) and server B on 127.0.0.2:P (the rebound one). */
async function rebindPair(handlerA: typeof ok = ok): Promise<{ a: TestServer; b: TestServer }> {
  const a = track(await httpServer(handlerA, '127.0.0.1'));
  const b = track(await httpServer(ok, '127.0.0.2', a.port));
  return { a, b };
}

async function failure(p: Promise<unknown>): Promise<OutboundError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OutboundError);
  return e as OutboundError;
}

describe('DNS rebinding', () => {
  it('connects only to the address it checked: a second answer is never asked for, nor reached', async () => {
    const { a, b } = await rebindPair(answerTogether(3));
    const dns = scriptedDns({ 'mcp.rebind.test': [['127.0.0.1'], ['127.0.0.2']] });
    const outbound = track(new Outbound({ allowLoopback: true, resolver: dns }));
    // Three requests held open together: the pool opens three connections, each one a chance to
    // look the name up again.
    const url = `http://mcp.rebind.test:${a.port}/mcp`;
    const answers = await Promise.all([1, 2, 3].map(() => outbound.request(url).then((r) => r.body.json())));
    expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(a.seen).toHaveLength(3);
    expect(a.seen.map((s) => s.headers.host)).toEqual([
      `mcp.rebind.test:${a.port}`,
      `mcp.rebind.test:${a.port}`,
      `mcp.rebind.test:${a.port}`,
    ]);
    expect(dns.asked).toEqual(['mcp.rebind.test']);
    expect(b.seen).toHaveLength(0);
    // B is reachable at the rebound address: had a socket resolved again, it would have been hit.
    expect((await fetch(`${b.url}/`)).status).toBe(200);
    expect(b.seen).toHaveLength(1);
  });

  it('checks the name again when the pin expires, and refuses a forbidden new answer without connecting', async () => {
    const { a } = await rebindPair();
    const dns = scriptedDns({ 'mcp.rebind.test': [['127.0.0.1'], ['169.254.169.254']] });
    const outbound = track(new Outbound({ allowLoopback: true, resolver: dns, pinTtlMs: 0 }));
    const url = `http://mcp.rebind.test:${a.port}/mcp`;
    expect((await outbound.request(url)).statusCode).toBe(200);
    const e = await failure(outbound.request(url));
    expect(e).toBeInstanceOf(TargetRefusedError);
    expect(e.code).toBe('forbidden_address');
    expect(e.message).toBe('host resolves to a cloud metadata address, which is never allowed');
    expect(e.detail.address).toBe('169.254.169.254');
    expect(dns.asked).toHaveLength(2);
    expect(a.seen).toHaveLength(1);
  });

  it('follows a changed answer that passes the check once the pin expires, on a new pool', async () => {
    const { a, b } = await rebindPair();
    const dns = scriptedDns({ 'mcp.moved.test': [['127.0.0.1'], ['127.0.0.2']] });
    const outbound = track(new Outbound({ allowLoopback: true, resolver: dns, pinTtlMs: 0 }));
    const url = `http://mcp.moved.test:${a.port}/mcp`;
    await (await outbound.request(url)).body.dump();
    await (await outbound.request(url)).body.dump();
    expect([a.seen.length, b.seen.length]).toEqual([1, 1]);
  });

  it('refuses loopback and private answers unless allowed, and metadata always, before connecting', async () => {
    const { a } = await rebindPair();
    const dns = scriptedDns({
      'loop.test': [['127.0.0.1']],
      'mixed.test': [['93.184.215.14', '127.0.0.1']],
      'meta6.test': [['fd00:ec2::254']],
      'mapped.test': [['::ffff:127.0.0.1']],
    });
    const strict = track(new Outbound({ resolver: dns }));
    for (const host of ['loop.test', 'mixed.test', 'mapped.test']) {
      const e = await failure(strict.request(`http://${host}:${a.port}/`));
      expect(e.code).toBe('forbidden_address');
      expect(e.message).not.toContain('127.0.0.1');
    }
    const open = track(new Outbound({ resolver: dns, allowLoopback: true, allowPrivate: true }));
    expect((await failure(open.request(`http://meta6.test:${a.port}/`))).code).toBe('forbidden_address');
    expect((await failure(open.request(`http://[::ffff:a9fe:a9fe]:${a.port}/`))).code).toBe(
      'forbidden_address',
    );
    expect(a.seen).toHaveLength(0);
  });

  it('refuses bad URLs on every request, even for an origin already pinned', async () => {
    const { a } = await rebindPair();
    const outbound = track(new Outbound({ allowLoopback: true }));
    expect((await outbound.request(`${a.url}/`)).statusCode).toBe(200);
    expect((await failure(outbound.request(`http://user:pw@127.0.0.1:${a.port}/`))).code).toBe('credentials');
    expect((await failure(outbound.request('ftp://127.0.0.1/'))).code).toBe('bad_scheme');
    expect((await failure(outbound.request('not a url'))).code).toBe('invalid_url');
    expect(a.seen).toHaveLength(1);
  });
});

describe('TLS to a pinned address', () => {
  it('keeps the host name for SNI, certificate checks and the Host header', async () => {
    const cert = selfSignedCert('mcp.pinned.test');
    const server = track(await httpsServer(cert, ok));
    const dns = scriptedDns({ 'mcp.pinned.test': [['127.0.0.1']], 'other.pinned.test': [['127.0.0.1']] });
    const outbound = track(new Outbound({ allowLoopback: true, resolver: dns, ca: cert.cert }));
    const res = await outbound.request(`https://mcp.pinned.test:${server.port}/mcp`);
    expect(await res.body.json()).toEqual({ ok: true });
    expect(server.seen[0]).toMatchObject({
      servername: 'mcp.pinned.test',
      headers: { host: `mcp.pinned.test:${server.port}` },
    });
    // The same address under a name the certificate does not carry: refused by the TLS check.
    const e = await failure(outbound.request(`https://other.pinned.test:${server.port}/mcp`));
    expect(e).toBeInstanceOf(ConnectFailedError);
    expect(e.message).toMatch(/TLS handshake failed/);
    expect(server.seen).toHaveLength(1);
  });
});

describe('custom headers at request time', () => {
  it('refuses a forbidden header before connecting, and sends allowed ones', async () => {
    const { a } = await rebindPair();
    const outbound = track(new Outbound({ allowLoopback: true }));
    for (const name of [
      'Metadata-Flavor',
      'X-aws-ec2-metadata-token',
      'Host',
      'Transfer-Encoding',
      'X-Forwarded-For',
      'Proxy-Authorization',
    ]) {
      const e = await failure(outbound.request(`${a.url}/`, { customHeaders: { [name]: 'x' } }));
      expect(e).toBeInstanceOf(TargetRefusedError);
      expect(e.code).toBe('forbidden_header');
      expect(e.message).toContain(name);
    }
    expect(
      (await failure(outbound.request(`${a.url}/`, { customHeaders: { 'X-Api-Key': 'a\r\nHost: evil' } })))
        .code,
    ).toBe('forbidden_header');
    expect(a.seen).toHaveLength(0);
    await outbound.request(`${a.url}/`, {
      headers: { accept: 'application/json' },
      customHeaders: { 'X-Api-Key': 'k-123' },
    });
    expect(a.seen[0]!.headers).toMatchObject({ 'x-api-key': 'k-123', accept: 'application/json' });
  });
});

// getJson (client metadata documents, JWKS) and the fetch adapter (the MCP SDK's transport):
// the same checks as every request, seen through their own interfaces.
import { afterEach, describe, expect, it } from 'vitest';
import { Outbound } from './outbound';
import { outboundFetch } from './fetch';
import { OutboundError, RedirectRefusedError } from './errors';
import { httpServer, scriptedDns } from '@portcullis/testkit';

const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(x: T) => (open.push(x), x);
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function failure(p: Promise<unknown>): Promise<OutboundError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OutboundError);
  return e as OutboundError;
}

const jwks = {
  keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' }],
};

describe('getJson', () => {
  it('returns a JSON document and its headers', async () => {
    const s = track(
      await httpServer((req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' })
          .end(JSON.stringify(jwks)),
      ),
    );
    const outbound = track(new Outbound({ allowLoopback: true }));
    const doc = await outbound.getJson(`${s.url}/jwks.json`, { maxBytes: 4096, timeoutMs: 5000 });
    expect(doc.json).toEqual(jwks);
    expect(doc.headers['cache-control']).toBe('max-age=60');
    expect(s.seen[0]!.headers.accept).toBe('application/json');
  });

  it('refuses a document larger than maxBytes, a non-200 answer, a redirect and invalid JSON', async () => {
    const s = track(
      await httpServer((req, res) => {
        if (req.url === '/big') return res.writeHead(200).end(JSON.stringify({ pad: 'x'.repeat(5000) }));
        if (req.url === '/missing')
          return res.writeHead(404).end('<html>not found, with a body we must not echo</html>');
        if (req.url === '/moved') return res.writeHead(301, { location: 'http://169.254.169.254/' }).end();
        return res.writeHead(200).end('<html>');
      }),
    );
    const outbound = track(new Outbound({ allowLoopback: true }));
    const get = (path: string) =>
      failure(outbound.getJson(`${s.url}${path}`, { maxBytes: 4096, timeoutMs: 5000 }));
    expect((await get('/big')).code).toBe('response_too_large');
    const missing = await get('/missing');
    expect(missing.code).toBe('bad_status');
    expect(missing.message).toBe('the server answered HTTP 404');
    expect((await get('/moved')).code).toBe('redirect');
    expect((await get('/garbage')).code).toBe('bad_json');
  });

  it('ends at the deadline, wherever the time goes (a stalled body, a resolver that never answers)', async () => {
    const s = track(
      await httpServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).write('{"keys":'),
      ),
    );
    const stuckDns = Object.assign(() => new Promise<never>(() => undefined), { asked: [] });
    const outbound = track(new Outbound({ allowLoopback: true, resolver: stuckDns }));
    const stalled = await failure(outbound.getJson(`${s.url}/jwks.json`, { maxBytes: 4096, timeoutMs: 300 }));
    expect(stalled.code).toBe('deadline');
    expect(stalled.message).toBe('no complete answer within 300 ms');
    const unresolved = await failure(
      outbound.getJson('https://never.answers.test/jwks.json', { maxBytes: 4096, timeoutMs: 300 }),
    );
    expect(unresolved.code).toBe('deadline');
  });

  it('refuses a loopback document under the default policy', async () => {
    const s = track(await httpServer((_req, res) => res.end('{}')));
    const outbound = track(
      new Outbound({ resolver: scriptedDns({ 'client.example.test': [['127.0.0.1']] }) }),
    );
    expect(
      (
        await failure(
          outbound.getJson(`http://client.example.test:${s.port}/meta`, { maxBytes: 4096, timeoutMs: 5000 }),
        )
      ).code,
    ).toBe('forbidden_address');
    expect(s.seen).toHaveLength(0);
  });
});

describe('outboundFetch', () => {
  it('answers like fetch, sends the custom headers, and streams the body', async () => {
    const s = track(
      await httpServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () =>
          res.writeHead(200, { 'content-type': 'application/json', 'x-seen': body }).end('{"echo":true}'),
        );
      }),
    );
    const fetchLike = outboundFetch(track(new Outbound({ allowLoopback: true })), {
      customHeaders: { 'X-Api-Key': 'k-1' },
    });
    const res = await fetchLike(new URL(`${s.url}/mcp`), {
      method: 'POST',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-seen')).toBe('{"a":1}');
    expect(await res.json()).toEqual({ echo: true });
    expect(s.seen[0]!.headers).toMatchObject({ 'x-api-key': 'k-1', 'content-type': 'application/json' });
  });

  it('rejects a redirect whatever the caller asked for, and errors the body stream past a limit', async () => {
    const target = track(await httpServer((_req, res) => res.end('followed')));
    const s = track(
      await httpServer((req, res) => {
        if (req.url === '/moved') return res.writeHead(307, { location: `${target.url}/` }).end();
        res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: ${'y'.repeat(4096)}\n\n`);
      }),
    );
    const told: [string, string][] = [];
    const fetchLike = outboundFetch(track(new Outbound({ allowLoopback: true })), {
      limits: { maxSseEventBytes: 1024 },
      onFailure: (e, method) => told.push([e.code, method]),
    });
    const moved = await failure(
      fetchLike(`${s.url}/moved`, { method: 'POST', redirect: 'follow', body: '{}' }),
    );
    expect(moved).toBeInstanceOf(RedirectRefusedError);
    expect(target.seen).toHaveLength(0);
    const res = await fetchLike(`${s.url}/events`);
    expect((await failure(res.text())).code).toBe('event_too_large');
    // The failure of the stream reaches the hook too: a library reading it may only log text.
    expect(told).toEqual([
      ['redirect', 'POST'],
      ['event_too_large', 'GET'],
    ]);
  });

  it('lets a reader cancel a body it does not want, without calling that a failure', async () => {
    const s = track(
      await httpServer((_req, res) =>
        res.writeHead(202, { 'content-type': 'text/event-stream' }).write(': open\n\n'),
      ),
    );
    const told: string[] = [];
    const fetchLike = outboundFetch(track(new Outbound({ allowLoopback: true })), {
      onFailure: (e) => told.push(e.code),
    });
    const res = await fetchLike(`${s.url}/mcp`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(202);
    await res.body!.cancel();
    const again = await fetchLike(`${s.url}/mcp`, { method: 'POST', body: '{}' });
    await again.body!.cancel();
    expect(told).toEqual([]);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbound } from '@portcullis/outbound';
import { ClientMetadataFetchError, MAX_DOCUMENT_BYTES, fetchClientMetadata } from './client-metadata-fetch';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/doc.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=900' });
      return res.end(JSON.stringify({ client_id: `${base}/doc.json` }));
    }
    if (req.url === '/redirect.json') {
      res.writeHead(302, { location: '/doc.json' });
      return res.end();
    }
    if (req.url === '/big.json') {
      // No Content-Length: the cap must hold while reading.
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(`{"pad":"${'x'.repeat(MAX_DOCUMENT_BYTES)}"}`);
    }
    if (req.url === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html></html>');
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
const loopbackAllowed = new Outbound({ allowLoopback: true, allowPrivate: false });
const strict = new Outbound({ allowLoopback: false, allowPrivate: false });
afterAll(async () => {
  await Promise.all([loopbackAllowed.close(), strict.close()]);
  await new Promise<void>((r) => server.close(() => r()));
});

const reason = (p: Promise<unknown>) =>
  p.then(
    () => 'fetched',
    (e: unknown) => (e instanceof ClientMetadataFetchError ? e.message : `unexpected ${String(e)}`),
  );

describe('fetchClientMetadata', () => {
  it('fetches a JSON document and reads its max-age', async () => {
    const got = await fetchClientMetadata(loopbackAllowed, `${base}/doc.json`);
    expect(got).toEqual({ document: { client_id: `${base}/doc.json` }, maxAgeSec: 900 });
  });

  it('refuses loopback unless allowed, and private or link-local addresses always', async () => {
    expect(await reason(fetchClientMetadata(strict, `${base}/doc.json`))).toMatch(/not allowed: .*loopback/);
    expect(await reason(fetchClientMetadata(loopbackAllowed, 'https://10.1.2.3/client.json'))).toMatch(
      /private/,
    );
    expect(
      await reason(fetchClientMetadata(loopbackAllowed, 'https://169.254.169.254/latest/meta-data')),
    ).toMatch(/not allowed/);
    expect(await reason(fetchClientMetadata(loopbackAllowed, 'https://[::ffff:10.0.0.1]/c.json'))).toMatch(
      /private/,
    );
  });

  it('refuses redirects, oversized documents, other content types and errors', async () => {
    expect(await reason(fetchClientMetadata(loopbackAllowed, `${base}/redirect.json`))).toMatch(/redirected/);
    expect(await reason(fetchClientMetadata(loopbackAllowed, `${base}/big.json`))).toMatch(/larger than/);
    expect(await reason(fetchClientMetadata(loopbackAllowed, `${base}/html`))).toMatch(/application\/json/);
    expect(await reason(fetchClientMetadata(loopbackAllowed, `${base}/missing`))).toMatch(/HTTP 404/);
  });
});

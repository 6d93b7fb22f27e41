import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const reason = (p: Promise<unknown>) => p.then(() => 'fetched', (e: unknown) => (e instanceof ClientMetadataFetchError ? e.message : `unexpected ${String(e)}`));

describe('fetchClientMetadata', () => {
  it('fetches a JSON document and reads its max-age', async () => {
    const got = await fetchClientMetadata(`${base}/doc.json`, { allowLoopback: true });
    expect(got).toEqual({ document: { client_id: `${base}/doc.json` }, maxAgeSec: 900 });
  });

  it('refuses loopback unless allowed, and private or link-local addresses always', async () => {
    expect(await reason(fetchClientMetadata(`${base}/doc.json`, { allowLoopback: false }))).toMatch(/not allowed: .*loopback/);
    expect(await reason(fetchClientMetadata('https://10.1.2.3/client.json', { allowLoopback: true }))).toMatch(/private/);
    expect(await reason(fetchClientMetadata('https://169.254.169.254/latest/meta-data', { allowLoopback: true }))).toMatch(/not allowed/);
    expect(await reason(fetchClientMetadata('https://[::ffff:10.0.0.1]/c.json', { allowLoopback: true }))).toMatch(/private/);
  });

  it('refuses redirects, oversized documents, other content types and errors', async () => {
    expect(await reason(fetchClientMetadata(`${base}/redirect.json`, { allowLoopback: true }))).toMatch(/redirected/);
    expect(await reason(fetchClientMetadata(`${base}/big.json`, { allowLoopback: true }))).toMatch(/larger than/);
    expect(await reason(fetchClientMetadata(`${base}/html`, { allowLoopback: true }))).toMatch(/application\/json/);
    expect(await reason(fetchClientMetadata(`${base}/missing`, { allowLoopback: true }))).toMatch(/HTTP 404/);
  });
});

// The console's server: Next.js behind a plain Node HTTP server, so the browser's address is
// taken from the socket (or, when the peer is one of CONSOLE_TRUSTED_PROXIES, from the last
// X-Forwarded-For entry it appended) and never from a header the browser wrote itself. The
// /api proxy (src/proxy.ts) passes it on to the API with the shared CONSOLE_PROXY_SECRET.
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const CLIENT_ADDRESS_HEADER = 'x-portcullis-client-address';
const dir = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
const trusted = new Set(
  (process.env.CONSOLE_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const unmap = (a) => (a?.startsWith('::ffff:') ? a.slice(7) : a);

function clientAddress(req) {
  const peer = unmap(req.socket.remoteAddress);
  if (!trusted.has(peer)) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return unmap(forwarded.at(-1)) || peer;
}

process.env.PORTCULLIS_CONSOLE_SERVER = '1';
const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
createServer((req, res) => {
  const address = clientAddress(req);
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
  void handle(req, res);
}).listen(port, hostname);

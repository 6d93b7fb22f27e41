// Local HTTP(S) servers that record every request they receive, so a test can prove a server was
// (or was never) reached; and a scripted DNS resolver for names that exist only in a test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';

/** The shape of @portcullis/auth-core's HostResolver. */
export type ScriptedResolver = ((hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>) & {
  /** Every name asked, in order. */
  asked: string[];
  /** From now on, answer `name` with these addresses. */
  answer(name: string, addresses: string[]): void;
};

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  servername?: string;
}

export interface TestServer {
  port: number;
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function start(
  server: Server,
  host: string,
  port: number,
  scheme: 'http' | 'https',
  seen: Seen[],
): Promise<TestServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    url: `${scheme}://${host}:${bound}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const recorder =
  (seen: Seen[], handler: Handler): Handler =>
  (req, res) => {
    seen.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      servername: (req.socket as TLSSocket).servername || undefined,
    });
    handler(req, res);
  };

/** An HTTP server on host:port (port 0: any free port). */
export function httpServer(handler: Handler, host = '127.0.0.1', port = 0): Promise<TestServer> {
  const seen: Seen[] = [];
  return start(createServer(recorder(seen, handler)), host, port, 'http', seen);
}

/** An HTTPS server whose certificate names `dnsName` only. */
export function httpsServer(
  cert: { key: string; cert: string },
  handler: Handler,
  host = '127.0.0.1',
): Promise<TestServer> {
  const seen: Seen[] = [];
  return start(createTlsServer(cert, recorder(seen, handler)), host, 0, 'https', seen);
}

/** A self-signed certificate for one DNS name, made by the openssl command. */
export function selfSignedCert(dnsName: string): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'outbound-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${dnsName}`,
        '-addext',
        `subjectAltName=DNS:${dnsName}`,
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A resolver answering from a script: the n-th question about a name gets the n-th answer (the last one repeats). */
export function scriptedDns(script: Record<string, string[][]>): ScriptedResolver {
  const answers = new Map(Object.entries(script).map(([name, list]) => [name, [...list]]));
  const asked: string[] = [];
  const resolver = async (host: string) => {
    const list = answers.get(host);
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const n = asked.filter((h) => h === host).length;
    asked.push(host);
    const answer = list[Math.min(n, list.length - 1)]!;
    return answer.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  const answer = (name: string, addresses: string[]) => answers.set(name, [addresses]);
  return Object.assign(resolver, { asked, answer });
}

/** Answers only once `count` requests wait at the same time (so a pool must open that many connections). */
export function answerTogether(count: number): Handler {
  const waiting: ServerResponse[] = [];
  return (_req, res) => {
    waiting.push(res);
    if (waiting.length === count)
      for (const r of waiting) r.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
}

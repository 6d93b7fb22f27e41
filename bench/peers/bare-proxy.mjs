#!/usr/bin/env node
// The gateway suite's floor: a bare pass-through proxy in front of the same upstream, with no
// authentication, no parsing, no policy and no audit. It reads the agent's body, forwards it with
// undici (a keep-alive pool of up to 128 connections, as the gateway's outbound path) and writes
// the upstream's answer back once read, as the gateway does with a JSON answer. What it costs is
// what any proxy costs on this machine (two more HTTP exchanges and a process); the gateway's
// figures beside it show how much of the rest is the gateway's own work. Runs in its own process;
// prints `listening <url>` once ready.
//
// Env: PEER_UPSTREAM (the upstream MCP endpoint's URL), PEER_PORT (0: any free port).
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = new URL(process.env.PEER_UPSTREAM);
const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 30_000 });
/** The headers an MCP server reads; the agent's others are not forwarded (as the gateway). */
const FORWARDED = ['content-type', 'accept', 'mcp-protocol-version', 'mcp-session-id'];

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const headers = {};
    for (const name of FORWARDED) if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    pool
      .request({
        path: upstream.pathname + upstream.search,
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      })
      .then(async (answer) => {
        const body = Buffer.from(await answer.body.arrayBuffer());
        const type = answer.headers['content-type'];
        res.writeHead(answer.statusCode, type ? { 'content-type': type } : {}).end(body);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
  });
});
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.listen(Number(process.env.PEER_PORT ?? 0), '127.0.0.1', resolve));
process.stdout.write(`listening http://127.0.0.1:${server.address().port}${upstream.pathname}\n`);

// What the one outbound path costs the caller per request: a plain undici Pool (what the gateway
// used before) against Outbound.request (pinned target, header check, limits handler), both
// calling the same small HTTP server in another process. Measured as this process's CPU time
// per request (the server's work is not in it), median of interleaved rounds.
// Run: pnpm bench:outbound   (BENCH_OUTBOUND_REQUESTS per round, default 5000)
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildPackages } from './lib/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
buildPackages(['@portcullis/outbound']);
const require = createRequire(path.join(root, 'packages/outbound/package.json'));
const { Pool } = require('undici');
const { Outbound } = require(path.join(root, 'packages/outbound/dist/index.js'));

const REQUESTS = Number(process.env.BENCH_OUTBOUND_REQUESTS ?? 5000);
const CONCURRENCY = 20;
const ROUNDS = 7;

const SERVER = `
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'x'.repeat(200) }] } });
const s = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body)); });
s.listen(0, '127.0.0.1', () => console.log('listening ' + s.address().port));`;
const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) =>
  server.stdout.on('data', (d) => resolve(Number(/listening (\d+)/.exec(String(d))[1]))),
);
const url = `http://127.0.0.1:${port}/mcp`;

const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 128 });
const outbound = new Outbound({ allowLoopback: true });
const request = {
  method: 'POST',
  body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
  headers: { 'content-type': 'application/json' },
};
const targets = {
  'undici Pool': async () => (await pool.request({ path: '/mcp', ...request })).body.text(),
  'Outbound.request': async () =>
    (await outbound.request(url, { ...request, customHeaders: { Authorization: 'Bearer x' } })).body.text(),
};

const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, { cpuUs: [], perSecond: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [label, call] of Object.entries(targets)) {
    let sent = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent++ < REQUESTS) await call();
      }),
    );
    const used = process.cpuUsage(cpu);
    samples[label].cpuUs.push((used.user + used.system) / REQUESTS);
    samples[label].perSecond.push(REQUESTS / ((performance.now() - started) / 1000));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = Object.entries(samples).map(([label, s]) => ({
  label,
  cpuUsPerRequest: Number(median(s.cpuUs).toFixed(1)),
  perSecond: Math.round(median(s.perSecond)),
}));
const base = results[0];
console.log(
  '\noutbound: client CPU per request (median of %d rounds of %d requests, %d at a time)',
  ROUNDS,
  REQUESTS,
  CONCURRENCY,
);
for (const r of results) {
  console.log(
    `${r.label.padEnd(18)} ${String(r.cpuUsPerRequest).padStart(6)} µs CPU  ${String(r.perSecond).padStart(6)} req/s  ${r === base ? '' : `+${(r.cpuUsPerRequest - base.cpuUsPerRequest).toFixed(1)} µs`}`,
  );
}
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(
  path.join(root, 'bench/results/outbound.json'),
  `${JSON.stringify({ suite: 'outbound', finishedAt: new Date().toISOString(), machine: { node: process.version, cpus: os.cpus().length, loadAverage1m: os.loadavg()[0] }, settings: { requests: REQUESTS, concurrency: CONCURRENCY, rounds: ROUNDS }, results }, null, 2)}\n`,
);
await pool.close();
await outbound.close();
server.kill();

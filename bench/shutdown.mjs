#!/usr/bin/env node
// How long a node takes from SIGTERM to exit, and with which code (issue 19): the built API on a
// throw-away PostgreSQL and Redis (packages/testkit), its worker in the same process, stopped
// idle, under token load, with its Redis stopped and with its PostgreSQL stopped. Each case runs
// BENCH_SHUTDOWN_ROUNDS times (3) on a fresh start; prints a table and writes
// bench/results/shutdown.json. Build first (`pnpm build`).
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS_DIR, ROOT } from './lib/paths.mjs';
import { provisionTenant, tokenRequest } from './lib/portcullis.mjs';
import { startService } from './lib/process.mjs';

const require = createRequire(import.meta.url);
const testkit = require(join(ROOT, 'packages/testkit/dist/index.js'));
const { migrateDeploy } = require(join(ROOT, 'packages/db/dist/index.js'));
const { startExampleServer } = await import(join(ROOT, 'examples/mcp-server/dist/index.js'));
const ROUNDS = Number(process.env.BENCH_SHUTDOWN_ROUNDS ?? 3);

const pg = await testkit.startPostgres();
const redis = await testkit.startRedis();
const upstream = await startExampleServer({ port: 0 });
const databaseUrl = pg.createDatabase('portcullis');
migrateDeploy(databaseUrl);
const port = await testkit.freePort();
const url = `http://127.0.0.1:${port}`;
const env = {
  NODE_ENV: 'production',
  PORT: String(port),
  PUBLIC_URL: url,
  DATABASE_URL: databaseUrl,
  REDIS_URL: redis.url,
  SECRET_PEPPER: randomBytes(32).toString('base64url'),
  MASTER_KEY: randomBytes(32).toString('base64'),
  ALLOW_LOOPBACK_UPSTREAMS: 'true',
  LOG_LEVEL: 'warn',
  RUN_WORKER: 'true',
  AUDIT_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'portcullis-bench-spool-')),
};
const startApi = () =>
  startService({
    name: 'api',
    command: process.execPath,
    args: [join(ROOT, 'apps/api/dist/main.js')],
    env,
    readyUrl: `${url}/readyz`,
    forwardStdout: () => false,
    timeoutMs: 120_000,
  });

/** Token requests from 8 loops until stopped. */
function load(tenant) {
  const request = tokenRequest({ ...tenant, resource: tenant.gatewayUrl });
  let stopped = false;
  const loops = Array.from({ length: 8 }, async () => {
    while (!stopped)
      await fetch(tenant.tokenUrl, request).then(
        (r) => r.arrayBuffer(),
        () => new Promise((r) => setTimeout(r, 20)),
      );
  });
  return async () => {
    stopped = true;
    await Promise.all(loops);
  };
}

const cases = {
  idle: async () => () => undefined,
  'under load': async (tenant) => {
    const stop = load(tenant);
    await new Promise((r) => setTimeout(r, 2000));
    return stop;
  },
  'Redis stopped': async () => {
    await redis.stop();
    return () => redis.start();
  },
  'PostgreSQL stopped': async () => {
    await pg.halt();
    return () => pg.resume();
  },
};

let api = await startApi();
const tenant = await provisionTenant(url, { upstreamUrl: upstream.url });
const results = [];
for (const [name, prepare] of Object.entries(cases)) {
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) {
    const after = await prepare(tenant);
    const exited = once(api.child, 'exit');
    const t0 = performance.now();
    api.child.kill('SIGTERM');
    const [code, signal] = await exited;
    runs.push({ ms: Math.round(performance.now() - t0), code: code ?? signal });
    await after();
    api = await startApi();
  }
  const ms = runs.map((x) => x.ms).sort((a, b) => a - b);
  results.push({
    case: name,
    medianMs: ms[Math.floor(ms.length / 2)],
    maxMs: ms.at(-1),
    codes: runs.map((x) => x.code),
  });
}
api.child.kill('SIGTERM');
await once(api.child, 'exit');
await upstream.close();
await redis.stop();
pg.stop();

console.log('\nshutdown (SIGTERM to exit, SHUTDOWN_TIMEOUT_SEC=10)');
console.log('case                 median ms  max ms  exit codes');
for (const r of results)
  console.log(
    `${r.case.padEnd(20)} ${String(r.medianMs).padStart(9)}  ${String(r.maxMs).padStart(6)}  ${r.codes.join(' ')}`,
  );
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(
  join(RESULTS_DIR, 'shutdown.json'),
  JSON.stringify({ at: new Date().toISOString(), rounds: ROUNDS, results }, null, 2),
);

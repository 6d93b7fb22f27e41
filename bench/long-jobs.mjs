// One tenant's long jobs against everyone else's calls, on both databases (issue 18): another
// tenant's token requests and gateway calls, one after the other, while nothing else runs (the
// usual latency), then while the first tenant's chain of BENCH_LONG_JOBS_EVENTS events is
// verified (a queue job), exported (the NDJSON download, read as fast as it comes) and
// back-tested (a queue job). Per phase: the job's time, and the other tenant's latency (p50, p99,
// max). The test suite only asserts that such calls answer before the job ends; the figures are
// here.
// Run: pnpm bench:long-jobs   (BENCH_DURATION: seconds of the idle phase, default 5)
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { buildPackages } from './lib/build.mjs';
import { LatencyRecorder, latencyBlock } from './lib/latency.mjs';
import { ROOT } from './lib/paths.mjs';
import { fetchAccessToken, provisionTenant, startPortcullis, tokenRequest } from './lib/portcullis.mjs';
import { cast, generator, seed, SPAN } from './lib/audit-data.mjs';
import { echoRequest, startExampleServerProcess } from './suites/example-mcp.mjs';

const EVENTS = Number(process.env.BENCH_LONG_JOBS_EVENTS ?? 250_000);
const IDLE_MS = Number(process.env.BENCH_DURATION ?? 5) * 1000;

buildPackages(['@portcullis/api', '@portcullis/example-mcp-server', '@portcullis/testkit'], {
  skip: ['1', 'true'].includes(process.env.BENCH_SKIP_BUILD ?? ''),
});
const require = createRequire(path.join(ROOT, 'packages/db/package.json'));
const { createDb } = require(path.join(ROOT, 'packages/db/dist/index.js'));

async function call(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** The other tenant's calls, one at a time, until `running()` says the phase is over. */
async function otherTenantCalls(other, gatewayToken, running) {
  const token = tokenRequest({
    clientId: other.clientId,
    clientSecret: other.clientSecret,
    resource: other.gatewayUrl,
  });
  const echo = echoRequest();
  const tokens = new LatencyRecorder();
  const calls = new LatencyRecorder();
  while (running()) {
    let t0 = performance.now();
    const issued = await fetch(other.tokenUrl, { method: 'POST', headers: token.headers, body: token.body });
    if (!(await issued.text()).includes(token.expect.bodyIncludes))
      throw new Error(`token: ${issued.status}`);
    tokens.add(performance.now() - t0);
    t0 = performance.now();
    const res = await fetch(other.gatewayUrl, {
      method: 'POST',
      headers: { ...echo.headers, authorization: `Bearer ${gatewayToken}` },
      body: echo.body,
    });
    if (!(await res.text()).includes(echo.expect.bodyIncludes)) throw new Error(`gateway: ${res.status}`);
    calls.add(performance.now() - t0);
  }
  const block = (recorder) => {
    const summary = recorder.summary();
    const { p50, p99, max } = latencyBlock(summary);
    return { count: summary.count, p50, p99, max };
  };
  return { token: block(tokens), gateway: block(calls) };
}

/** Runs `job` (resolves when it is done) while the other tenant calls; the job's seconds and the latencies. */
async function phase(name, other, gatewayToken, job) {
  let done = false;
  const t0 = performance.now();
  const [latency, detail] = await Promise.all([
    otherTenantCalls(other, gatewayToken, () => !done),
    job().finally(() => (done = true)),
  ]);
  return {
    phase: name,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
    ...detail,
    ...latency,
  };
}

/** A queue job started by `start` (its view), followed until it ends. */
async function untilEnded(big, started) {
  for (;;) {
    const view = await call(`${big.apiUrl}/api/v1/jobs/${started.id}`, { headers: big.admin });
    if (view.state === 'completed') return view;
    if (view.state === 'failed' || view.state === 'cancelled')
      throw new Error(`job ${view.kind}: ${view.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const post = (big, p, body) =>
  call(`${big.apiUrl}${p}`, {
    method: 'POST',
    headers: { ...big.admin, ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });

async function measure(mode, upstream) {
  const portcullis = await startPortcullis(ROOT, { embedded: mode === 'embedded' });
  try {
    const big = await provisionTenant(portcullis.url, { upstreamUrl: upstream.url });
    const other = await provisionTenant(portcullis.url, { upstreamUrl: upstream.url });
    // The chain, appended as the worker appends (lib/audit-data.mjs: a month of varied events).
    // The embedded database is the API's own while it runs: seeded between a stop and a start.
    const seedChain = async (databaseUrl) => {
      const db = await createDb(databaseUrl);
      try {
        const start = Date.now() - SPAN - 3_600_000;
        await seed(
          db,
          big.tenantId,
          EVENTS,
          generator(big.tenantId, cast(), EVENTS, start, 1),
          () => undefined,
        );
      } finally {
        await db.$disconnect();
      }
    };
    if (mode === 'embedded')
      await portcullis.restartApi(async ({ pgliteDir }) => {
        process.env.PGLITE_DIR = pgliteDir;
        await seedChain(undefined);
      });
    else await seedChain(portcullis.databaseUrl);
    const gatewayToken = await fetchAccessToken(other);
    const phases = [];
    phases.push(
      await phase('idle', other, gatewayToken, () => new Promise((r) => setTimeout(() => r({}), IDLE_MS))),
    );
    phases.push(
      await phase('verification', other, gatewayToken, async () => {
        const ended = await untilEnded(big, await post(big, '/api/v1/audit/verify'));
        if (!ended.result.ok) throw new Error(`the chain does not verify: ${ended.result.message}`);
        return { events: ended.result.verifiedCount };
      }),
    );
    phases.push(
      await phase('export (NDJSON)', other, gatewayToken, async () => {
        const res = await fetch(`${big.apiUrl}/api/v1/audit/export?format=ndjson`, { headers: big.admin });
        if (!res.ok) throw new Error(`export: ${res.status}`);
        let bytes = 0;
        for await (const chunk of res.body) bytes += chunk.length;
        return {
          events: Number(res.headers.get('x-audit-events')),
          megabytes: Number((bytes / 1e6).toFixed(1)),
        };
      }),
    );
    phases.push(
      await phase('back-test', other, gatewayToken, async () => {
        const started = await post(big, '/api/v1/policies/backtest', {
          draft: {
            name: 'bench',
            kind: 'rate_limit',
            config: { limit: 2, windowSec: 60, burst: 2, per: 'agent' },
          },
          from: new Date(Date.now() - SPAN - 7_200_000).toISOString(),
          to: new Date().toISOString(),
          maxEvents: 100_000,
        });
        const ended = await untilEnded(big, started);
        return { events: ended.result.evaluated };
      }),
    );
    return { mode, phases };
  } finally {
    await portcullis.stop();
  }
}

const upstream = await startExampleServerProcess(ROOT);
const results = [];
try {
  for (const mode of ['postgres', 'embedded']) results.push(await measure(mode, upstream));
} finally {
  await upstream.stop();
}

const ms = (b) => `${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} / ${b.max.toFixed(1)}`;
console.log(`\nlong jobs: another tenant's calls meanwhile (${EVENTS} events in the long tenant's chain)`);
console.log(
  `${'database'.padEnd(10)} ${'phase'.padEnd(16)} ${'job s'.padStart(6)} ${'events'.padStart(8)}   ${'token ms p50 / p99 / max'.padEnd(26)} ${'gateway ms p50 / p99 / max'.padEnd(28)} calls`,
);
for (const r of results)
  for (const p of r.phases)
    console.log(
      `${r.mode.padEnd(10)} ${p.phase.padEnd(16)} ${String(p.seconds).padStart(6)} ${String(p.events ?? '-').padStart(8)}   ${ms(p.token).padEnd(26)} ${ms(p.gateway).padEnd(28)} ${p.token.count}`,
    );
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(
  path.join(ROOT, 'bench/results/long-jobs.json'),
  JSON.stringify(
    {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadavg1: os.loadavg()[0], node: process.version },
      settings: { EVENTS, IDLE_MS },
      results,
    },
    null,
    2,
  ),
);

// The audit trail at scale: a tenant with a million events (and a few other tenants beside it,
// so the indexes hold more than one tenant), searched and exported through the real API.
//   (i)  search: the first page and a deep keyset page for every filter of GET /api/v1/audit/events,
//        p50/p95 over BENCH_AUDIT_REQUESTS sequential requests each, against the 100 ms target,
//        and EXPLAIN (ANALYZE, BUFFERS) of the exact query the API runs (which index it uses);
//   (ii) export: the full NDJSON export (verified as it streams by) and the CSV export of the
//        million events through GET /api/v1/audit/export, while sampling the API process's RSS.
// Run: pnpm bench:audit:scale   (see bench/README.md for the settings)
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { buildPackages } from './lib/build.mjs';
import { percentile, round } from './lib/latency.mjs';
import { ROOT, RESULTS_DIR } from './lib/paths.mjs';
import { BENCH_METRICS_TOKEN, startPortcullis } from './lib/portcullis.mjs';
import { SPAN, cast, generator, seed } from './lib/audit-data.mjs';

function setting(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number >= 0, got "${raw}"`);
  return value;
}
const EVENTS = setting('BENCH_AUDIT_EVENTS', 1_000_000);
const OTHER_TENANTS = setting('BENCH_AUDIT_OTHER_TENANTS', 4);
const OTHER_EVENTS = setting('BENCH_AUDIT_OTHER_EVENTS', 50_000);
const REQUESTS = setting('BENCH_AUDIT_REQUESTS', 50);
const TARGET_MS = 100;
const DAY = 86_400_000;

// The commit measured: read before the build, as the build is what runs.
let commit = null;
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
} catch {
  /* not a checkout */
}
buildPackages(['@portcullis/api'], { skip: ['1', 'true'].includes(process.env.BENCH_SKIP_BUILD ?? '') });

const require = createRequire(path.join(ROOT, 'packages/db/package.json'));
const { createDb } = require(path.join(ROOT, 'packages/db/dist/index.js'));
const { PrismaClient } = require(path.join(ROOT, 'packages/db/dist/generated/prisma/client.js'));
const { PrismaPg } = require('@prisma/adapter-pg');
const { AuditSearch, whereFor } = require(
  path.join(ROOT, 'apps/api/dist/audit-trail/audit-search.service.js'),
);
const { TenantDbFactory } = require(path.join(ROOT, 'apps/api/dist/infra/database.js'));
const { verifyNdjsonStream } = require(path.join(ROOT, 'packages/audit-core/dist/index.js'));

async function call(url, method, p, { body, headers = {} } = {}) {
  const res = await fetch(url + p, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} answered ${res.status}: ${text.slice(0, 300)}`);
  return { body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Signs up a tenant and returns its id and an auditor (read-only) API token's header. */
async function signUp(url, slug) {
  const signup = await call(url, 'POST', '/api/v1/auth/signup', {
    body: {
      email: `${slug}@bench.example`,
      password: randomUUID(),
      name: 'Bench',
      tenantName: slug,
      tenantSlug: slug,
    },
  });
  const cookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const session = { cookie, 'x-csrf-token': signup.body.csrfToken };
  const { body: token } = await call(url, 'POST', '/api/v1/api-tokens', {
    headers: session,
    body: { name: 'bench', role: 'auditor' },
  });
  return { tenantId: signup.body.tenant.id, session, auth: { authorization: `Bearer ${token.token}` } };
}

function rssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** nodejs_heap_size_used_bytes and nodejs_external_memory_bytes from the API's /metrics, in MB. */
async function heapMb(url) {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } })
  ).text();
  const metric = (name) => Number(new RegExp(`^${name} ([\\d.e+]+)`, 'm').exec(text)?.[1] ?? NaN) / 1048576;
  return {
    heapUsed: metric('nodejs_heap_size_used_bytes'),
    external: metric('nodejs_external_memory_bytes'),
  };
}

/**
 * Samples the process's RSS every 50 ms (and its V8 heap every second) until stopped. Reports
 * the baseline, the peak and the growth in MB, and the peaks of the first and the second half of
 * the run: memory that grows with the export shows as a second half well above the first.
 */
function memorySampler(pid, url) {
  const t0 = performance.now();
  const baseline = rssKb(pid);
  const rss = [];
  const heap = [];
  const timer = setInterval(() => rss.push([performance.now() - t0, rssKb(pid)]), 50);
  const heapTimer = setInterval(
    () =>
      void heapMb(url).then(
        (h) => heap.push(h),
        () => undefined,
      ),
    1000,
  );
  return () => {
    clearInterval(timer);
    clearInterval(heapTimer);
    const end = performance.now() - t0;
    rss.push([end, rssKb(pid)]);
    const peakOf = (list) => Math.max(baseline, ...list.map(([, kb]) => kb));
    const peak = peakOf(rss);
    const mb = (kb) => round(kb / 1024, 1);
    return {
      baselineMb: mb(baseline),
      peakMb: mb(peak),
      growthMb: mb(peak - baseline),
      firstHalfPeakMb: mb(peakOf(rss.filter(([t]) => t < end / 2))),
      secondHalfPeakMb: mb(peakOf(rss.filter(([t]) => t >= end / 2))),
      samples: rss.length,
      apiHeapUsedPeakMb: heap.length ? round(Math.max(...heap.map((h) => h.heapUsed)), 1) : null,
      apiExternalPeakMb: heap.length ? round(Math.max(...heap.map((h) => h.external)), 1) : null,
    };
  };
}

/** GET through node:http, consuming the body without keeping it. */
function download(url, headers, sink) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
      else resolve(sink(res));
    });
    req.on('error', reject);
  });
}

/** Counts bytes and lines of a body and keeps its last line, passing the chunks on. */
async function* counted(body, tally) {
  let tail = '';
  for await (const chunk of body) {
    tally.bytes += chunk.length;
    let from = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      tally.lines++;
      tally.lastLine = tail + chunk.toString('utf8', from, at);
      tail = '';
      from = at + 1;
    }
    tail = (tail + chunk.toString('utf8', from)).slice(-65536);
    yield chunk;
  }
}

function timed(fn) {
  return async (...args) => {
    const t0 = performance.now();
    const value = await fn(...args);
    return { value, ms: performance.now() - t0 };
  };
}

/** Index names (and sequential scans) in a plan's text. */
function scansOf(plan) {
  const found = [];
  for (const m of plan.matchAll(
    /(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) "?([\w]+)"?|Seq Scan on "?(\w+)"?/g,
  )) {
    found.push(m[3] ? `SEQ SCAN ${m[3]}` : m[2].replace(/^AuditEvent_/, ''));
  }
  return [...new Set(found)];
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const fmt = (v, digits = 1) => (v === null || v === undefined ? '-' : Number(v).toFixed(digits));

const portcullis = await startPortcullis(ROOT);
const results = { suite: 'audit-scale', when: new Date().toISOString() };
try {
  const { url, databaseUrl, apiPid } = portcullis;
  const idleRss = rssKb(apiPid);
  const main = await signUp(url, `bench-${randomUUID().slice(0, 8)}`);
  const others = [];
  for (let k = 0; k < OTHER_TENANTS; k++)
    others.push(await signUp(url, `other-${k}-${randomUUID().slice(0, 8)}`));

  // Seeding: the main tenant and the others at once (two connections, so both cores work).
  const seeder = await createDb(databaseUrl);
  const mainCast = cast();
  const start = Date.now() - SPAN - 3_600_000;
  let seeded = 0;
  const total = EVENTS + OTHER_TENANTS * OTHER_EVENTS;
  const t0 = performance.now();
  const tick = setInterval(
    () =>
      process.stdout.write(
        `\rseeding: ${seeded}/${total} events, ${Math.round(seeded / ((performance.now() - t0) / 1000))}/s   `,
      ),
    1000,
  );
  try {
    await Promise.all([
      seed(
        seeder,
        main.tenantId,
        EVENTS,
        generator(main.tenantId, mainCast, EVENTS, start, 1),
        (k) => (seeded += k),
      ),
      (async () => {
        for (const [k, o] of others.entries())
          await seed(
            seeder,
            o.tenantId,
            OTHER_EVENTS,
            generator(o.tenantId, cast(), OTHER_EVENTS, start, 100 + k),
            (n) => (seeded += n),
          );
      })(),
    ]);
  } finally {
    clearInterval(tick);
  }
  const seedSec = (performance.now() - t0) / 1000;
  console.log(
    `\rseeded ${total} events in ${seedSec.toFixed(0)} s (${Math.round(total / seedSec)}/s)          `,
  );
  // Fresh statistics and visibility map, as autovacuum would leave them after such an ingest.
  await seeder.$executeRawUnsafe('VACUUM (ANALYZE) "AuditEvent"');
  await call(url, 'POST', '/api/v1/audit/checkpoints', { headers: main.session });
  const sizes = await seeder.$queryRawUnsafe(
    `SELECT pg_size_pretty(pg_relation_size('"AuditEvent"')) AS "table", pg_size_pretty(pg_indexes_size('"AuditEvent"')) AS "indexes"`,
  );
  await seeder.$disconnect();
  results.data = {
    events: EVENTS,
    otherTenants: OTHER_TENANTS,
    otherEventsEach: OTHER_EVENTS,
    seedEventsPerSec: Math.round(total / seedSec),
    ...sizes[0],
  };

  // (i) Search. For EXPLAIN, the API's own search (AuditTrailService.search, the same build) runs
  // once more on a Prisma client that logs its queries; each query it ran is then explained.
  const db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: 2 }),
    log: [{ emit: 'event', level: 'query' }],
  });
  let logged = [];
  db.$on('query', (e) => logged.push(e));
  const trail = new AuditSearch(new TenantDbFactory(db));
  // One request's events (a call and the policy decisions on it): a request id from the middle.
  const [{ requestId: oneRequest }] = await db.$queryRaw`
    SELECT "requestId" FROM "AuditEvent" WHERE "tenantId" = ${main.tenantId}::uuid AND "seq" = ${BigInt(Math.floor(EVENTS / 2))}`;
  const day = (d) => new Date(start + d * DAY).toISOString();
  const filters = [
    ['none (newest first)', {}],
    ['time: last 24 hours', { from: new Date(Date.now() - DAY).toISOString() }],
    ['time: 1 day, 2 weeks ago', { from: day(14), to: day(15) }],
    ['time: 7 days, 2 weeks ago', { from: day(8), to: day(15) }],
    ['actor (a user)', { actor: mainCast.users[0] }],
    ['action', { action: 'token.denied' }],
    ['outcome', { outcome: 'error' }],
    ['agent', { agent: mainCast.agents[0] }],
    ['server', { server: mainCast.servers[0] }],
    ['tool', { tool: 'tool_07' }],
    ['text: common', { q: 'timed out' }],
    ['text: rare', { q: 'quarantined' }],
    ['text: no match', { q: 'no such phrase' }],
    ['request id', { request: oneRequest }],
    [
      'agent+action+outcome+7 days',
      { agent: mainCast.agents[1], action: 'gateway.call', outcome: 'denied', from: day(23) },
    ],
  ];
  const LIMIT = 50;
  const search = [];
  for (const [label, q] of filters) {
    const where = whereFor(main.tenantId, q);
    const matches = await db.auditEvent.count({ where });
    // A deep page: the cursor 90% of the way down the matches.
    const deepRow =
      matches > 0
        ? await db.auditEvent.findFirst({
            where,
            orderBy: { seq: 'desc' },
            skip: Math.floor(matches * 0.9),
            select: { seq: true },
          })
        : null;
    const row = { label, query: q, matches };
    for (const [page, cursor] of [
      ['first', undefined],
      ['deep', deepRow ? String(deepRow.seq + 1n) : undefined],
    ]) {
      if (page === 'deep' && cursor === undefined) continue;
      const params = new URLSearchParams({ ...q, limit: String(LIMIT), ...(cursor ? { cursor } : {}) });
      const get = timed(async () => {
        const res = await fetch(`${url}/api/v1/audit/events?${params}`, { headers: main.auth });
        const body = await res.json();
        if (res.status !== 200)
          throw new Error(`search ${label} answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
        return body.items.length;
      });
      const expected = Math.min(LIMIT, page === 'first' ? matches : matches - Math.floor(matches * 0.9));
      for (let w = 0; w < 3; w++) await get(); // warm-up: connections, plan cache
      const times = [];
      for (let k = 0; k < REQUESTS; k++) {
        const { value, ms } = await get();
        if (value !== expected)
          throw new Error(`search ${label} (${page} page) returned ${value} items, expected ${expected}`);
        times.push(ms);
      }
      times.sort((a, b) => a - b);
      // EXPLAIN each query the API's search ran for this page.
      logged = [];
      await trail.search(main.tenantId, { ...q, ...(cursor ? { cursor } : {}), limit: LIMIT });
      const queries = logged.filter((e) => !/^(BEGIN|COMMIT)/.test(e.query));
      const plans = [];
      for (const { query, params: queryParams } of queries) {
        const plan = (
          await db.$queryRawUnsafe(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, ...JSON.parse(queryParams))
        )
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        plans.push({
          query,
          params: queryParams,
          plan,
          executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]),
        });
      }
      const path = queries.some((e) => e.query.includes('"seq" + 0')) ? 'range' : 'chain';
      // The query that finds the page: the seq query of the range path, else the last (the
      // first of a time range is where the range lies, see AuditTrailService.pathForRange).
      const pageQuery = path === 'range' ? plans.find((p) => p.query.includes('"seq" + 0')) : plans.at(-1);
      row[page] = {
        cursor,
        items: expected,
        p50: round(percentile(times, 50), 2),
        p95: round(percentile(times, 95), 2),
        max: round(times.at(-1), 2),
        path,
        scans: scansOf(pageQuery.plan),
        explainMs: round(
          plans.reduce((a, p) => a + p.executionMs, 0),
          2,
        ),
        plans,
      };
    }
    row.met = ['first', 'deep'].every((p) => !row[p] || row[p].p95 < TARGET_MS);
    search.push(row);
    console.log(
      `search ${label}: ${matches} matches, first p95 ${fmt(row.first.p95)} ms (${row.first.path}: ${row.first.scans.join(', ')}), deep p95 ${fmt(row.deep?.p95)} ms (${row.deep ? `${row.deep.path}: ${row.deep.scans.join(', ')}` : '-'})`,
    );
  }
  await db.$disconnect();
  results.search = search;
  // Under three characters a term has no trigram to use: refused with a 400, not a slow scan.
  const short = await fetch(`${url}/api/v1/audit/events?q=zq`, { headers: main.auth });
  if (short.status !== 400) throw new Error(`a 2-character search answered ${short.status}, expected 400`);
  results.shortTextRefused = true;

  // (iii) The overview dashboard's numbers (GET /api/v1/audit/stats) over its periods.
  const stats = [];
  for (const [label, ms] of [
    ['24 hours', DAY],
    ['7 days', 7 * DAY],
    ['30 days', 30 * DAY],
  ]) {
    const params = new URLSearchParams({
      from: new Date(Date.now() - ms).toISOString(),
      to: new Date().toISOString(),
    });
    const get = timed(async () => {
      const res = await fetch(`${url}/api/v1/audit/stats?${params}`, { headers: main.auth });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`stats ${label} answered ${res.status}`);
      return body.gatewayCalls;
    });
    await get();
    const times = [];
    let calls = 0;
    for (let k = 0; k < 10; k++) {
      const { value, ms: took } = await get();
      calls = value;
      times.push(took);
    }
    times.sort((a, b) => a - b);
    stats.push({
      label,
      gatewayCalls: calls,
      p50: round(percentile(times, 50), 1),
      p95: round(percentile(times, 95), 1),
    });
    console.log(
      `stats ${label}: ${calls} gateway calls, p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(percentile(times, 95))} ms`,
    );
  }
  results.stats = stats;

  // (ii) Export: the whole trail through the API, the API's RSS sampled as it goes.
  const exports = [];
  for (const format of ['ndjson', 'csv']) {
    const tally = { bytes: 0, lines: 0, lastLine: '' };
    const stop = memorySampler(apiPid, url);
    const t1 = performance.now();
    const verdict = await download(`${url}/api/v1/audit/export?format=${format}`, main.auth, (res) =>
      format === 'ndjson'
        ? verifyNdjsonStream(counted(res, tally))
        : (async () => {
            for await (const chunk of counted(res, tally)) void chunk;
          })(),
    );
    const sec = (performance.now() - t1) / 1000;
    const rss = stop();
    // NDJSON: a header, the checkpoints, the events; CSV: the column names, the events.
    const events = format === 'ndjson' ? tally.lines - 1 - verdict.checkpointCount : tally.lines - 1;
    const lastSeq =
      format === 'ndjson' ? JSON.parse(tally.lastLine).seq : Number(tally.lastLine.split(',')[0]);
    if (lastSeq !== events)
      throw new Error(`${format} export: ${events} event lines but the last seq is ${lastSeq}`);
    if (verdict && (!verdict.ok || verdict.verifiedCount !== events))
      throw new Error(`${format} export does not verify: ${verdict.message}`);
    exports.push({
      format,
      events,
      mb: round(tally.bytes / 1048576, 1),
      seconds: round(sec, 1),
      eventsPerSec: Math.round(events / sec),
      verified: verdict ? verdict.ok : null,
      rss,
    });
    console.log(
      `export ${format}: ${events} events, ${fmt(tally.bytes / 1048576)} MB in ${sec.toFixed(1)} s, API RSS ${rss.baselineMb} -> ${rss.peakMb} MB`,
    );
  }
  results.export = exports;
  results.apiIdleRssMb = round(idleRss / 1024, 1);

  console.log(
    `\n${pad('dashboard period', 18)} ${lpad('gateway calls', 13)} ${lpad('p50 ms', 8)} ${lpad('p95 ms', 8)}`,
  );
  for (const s of stats)
    console.log(
      `${pad(s.label, 18)} ${lpad(s.gatewayCalls, 13)} ${lpad(fmt(s.p50), 8)} ${lpad(fmt(s.p95), 8)}`,
    );

  // The tables, with the targets.
  console.log(
    `\naudit-scale: ${EVENTS.toLocaleString('en')} events of one tenant, ${(OTHER_TENANTS * OTHER_EVENTS).toLocaleString('en')} of ${OTHER_TENANTS} others; ${REQUESTS} requests per page, limit ${LIMIT}`,
  );
  console.log(
    `${pad('search filter', 28)} ${lpad('matches', 7)} ${lpad('first p50', 9)} ${lpad('p95', 6)} ${lpad('deep p50', 8)} ${lpad('p95', 6)}  ${pad('p95<100ms', 9)} ${pad('index: first page', 36)} deep page`,
  );
  console.log('-'.repeat(140));
  const scans = (p) => (p ? `${p.path === 'range' ? 'range: ' : ''}${p.scans.join(', ')}` : '-');
  for (const r of search) {
    console.log(
      `${pad(r.label, 28)} ${lpad(r.matches, 7)} ${lpad(fmt(r.first.p50), 9)} ${lpad(fmt(r.first.p95), 6)} ${lpad(fmt(r.deep?.p50), 8)} ${lpad(fmt(r.deep?.p95), 6)}  ${pad(r.met ? 'yes' : 'NO', 9)} ${pad(scans(r.first), 36)} ${scans(r.deep)}`,
    );
  }
  console.log(
    '(ms through the API, sequential requests, warm; index: from EXPLAIN ANALYZE of the queries the search ran; range: the time range read first)',
  );
  console.log(
    `\n${pad('export', 7)} ${lpad('events', 9)} ${lpad('MB', 6)} ${lpad('s', 5)} ${lpad('events/s', 8)}  ${pad('verified', 8)} ${lpad('API RSS before', 14)} ${lpad('peak', 6)} ${lpad('growth', 6)} ${lpad('1st half', 8)} ${lpad('2nd half', 8)} ${lpad('heap peak', 9)}  flat`,
  );
  console.log('-'.repeat(120));
  for (const e of exports) {
    const r = e.rss;
    // Flat: the second half's peak within 32 MB of the first half's (a buffering export climbs all along).
    e.flat = r.secondHalfPeakMb - r.firstHalfPeakMb < 32;
    console.log(
      `${pad(e.format, 7)} ${lpad(e.events, 9)} ${lpad(e.mb, 6)} ${lpad(e.seconds, 5)} ${lpad(e.eventsPerSec, 8)}  ${pad(e.verified === null ? '-' : e.verified ? 'ok' : 'NO', 8)} ${lpad(r.baselineMb, 14)} ${lpad(r.peakMb, 6)} ${lpad(r.growthMb, 6)} ${lpad(r.firstHalfPeakMb, 8)} ${lpad(r.secondHalfPeakMb, 8)} ${lpad(fmt(r.apiHeapUsedPeakMb), 9)}  ${e.flat ? 'yes' : 'NO'}`,
    );
  }
  console.log(
    '(MB: RSS of the API process, sampled every 50 ms; heap peak: V8 heap used from its /metrics, every second; flat: 2nd half peak < 1st half peak + 32 MB)',
  );
  results.machine = {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    loadavg1: round(os.loadavg()[0], 2),
    node: process.version,
    commit,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'audit-scale.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwritten to bench/results/audit-scale.json`);
} finally {
  await portcullis.stop();
}

// Token verifications per core with @portcullis/sdk/verifier: Portcullis-shaped access tokens
// (RFC 9068, typ at+jwt) checked against a JWKS served on loopback, as an MCP server would.
// Run: pnpm bench:sdk-verify   (BENCH_DURATION seconds per measurement, default 5; BENCH_SKIP_BUILD=1)
// "per core" is verifications per CPU-second of this process (process.cpuUsage), so a busy
// machine lowers the wall-clock rate but not the figure the target is about.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPackages } from './lib/build.mjs';
import { ALGORITHMS, startLocalIssuer } from './lib/local-issuer.mjs';
import { RESULTS_DIR, ROOT } from './lib/paths.mjs';

const DURATION_MS = Number(process.env.BENCH_DURATION ?? 5) * 1000;
const AGENTS = Number(process.env.BENCH_SDK_AGENTS ?? 1000);
const TARGET_PER_CORE = 20_000;

buildPackages(['@portcullis/sdk'], { skip: process.env.BENCH_SKIP_BUILD === '1' });
const { createTokenVerifier } = await import(
  pathToFileURL(join(ROOT, 'packages/sdk/dist/verifier/index.js')).href
);
const local = await startLocalIssuer();
const { issuer, audience, jwksUri } = local;

/** Verifies tokens in a loop for DURATION_MS; returns rates per CPU-second and per wall second. */
async function measure(verifier, tokens) {
  for (const token of tokens.slice(0, 50)) await verifier.verify(token); // warm-up: keys fetched, JIT
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let done = 0;
  while (performance.now() - t0 < DURATION_MS) {
    for (let i = 0; i < 100; i++) await verifier.verify(tokens[(done + i) % tokens.length]);
    done += 100;
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return {
    verifications: done,
    wallS: +wallS.toFixed(2),
    cpuS: +cpuS.toFixed(2),
    perCpuSecond: Math.round(done / cpuS),
    perWallSecond: Math.round(done / wallS),
  };
}

const rows = [];
for (const alg of ALGORITHMS) {
  // Cold: every token is new to the verifier (signature checked each time).
  const fresh = await local.mint(alg, 4000);
  const cold = createTokenVerifier({ issuer, audience, jwksUri, cacheSize: 0 });
  rows.push({ alg, mode: 'cold (each token new)', ...(await measure(cold, fresh)) });
  // Warm: AGENTS agents each presenting its token again, as they do for the token's lifetime.
  const agents = await local.mint(alg, AGENTS);
  const warm = createTokenVerifier({ issuer, audience, jwksUri });
  rows.push({ alg, mode: `warm (${AGENTS} agents reusing tokens)`, ...(await measure(warm, agents)) });
}
await local.close();

const pad = (v, n) => String(v).padStart(n);
console.log(
  `\nsdk-verify: @portcullis/sdk/verifier, ${DURATION_MS / 1000}s per row, Node ${process.version}, ${os.cpus()[0]?.model} x${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}`,
);
console.log(
  `${'alg'.padEnd(6)} ${'mode'.padEnd(34)} ${pad('per CPU-s', 10)} ${pad('per wall-s', 11)} ${pad('verified', 9)}`,
);
for (const r of rows)
  console.log(
    `${r.alg.padEnd(6)} ${r.mode.padEnd(34)} ${pad(r.perCpuSecond, 10)} ${pad(r.perWallSecond, 11)} ${pad(r.verifications, 9)}`,
  );
const checks = rows
  .filter((r) => r.mode.startsWith('warm'))
  .map((r) => ({
    check: `${r.alg} warm >= ${TARGET_PER_CORE}/core`,
    value: r.perCpuSecond,
    pass: r.perCpuSecond >= TARGET_PER_CORE,
  }));
for (const c of checks) console.log(`${c.check.padEnd(32)} ${pad(c.value, 10)}  ${c.pass ? 'yes' : 'NO'}`);

mkdirSync(RESULTS_DIR, { recursive: true });
const file = join(RESULTS_DIR, 'sdk-verify-core.json');
writeFileSync(
  file,
  JSON.stringify(
    {
      suite: 'sdk-verify-core',
      at: new Date().toISOString(),
      node: process.version,
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      loadAvg1: os.loadavg()[0],
      durationMs: DURATION_MS,
      rows,
      checks,
    },
    null,
    2,
  ),
);
console.log(`\nwrote ${file.slice(ROOT.length)}`);

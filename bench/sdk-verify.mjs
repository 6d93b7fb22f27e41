// Token verifications per core with @portcullis/sdk/verifier: Portcullis-shaped access tokens
// (RFC 9068, typ at+jwt) checked against a JWKS served on loopback, as an MCP server would.
// Run: pnpm bench:sdk-verify   (BENCH_DURATION seconds per measurement, default 5; BENCH_SKIP_BUILD=1)
// "per core" is verifications per CPU-second of this process (process.cpuUsage), so a busy
// machine lowers the wall-clock rate but not the figure the target is about.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPackages } from './lib/build.mjs';
import { RESULTS_DIR, ROOT } from './lib/paths.mjs';

const DURATION_MS = Number(process.env.BENCH_DURATION ?? 5) * 1000;
const AGENTS = Number(process.env.BENCH_SDK_AGENTS ?? 1000);
const TARGET_PER_CORE = 20_000;

buildPackages(['@portcullis/sdk'], { skip: process.env.BENCH_SKIP_BUILD === '1' });
const sdkRequire = createRequire(join(ROOT, 'packages/sdk/package.json'));
const jose = await import(pathToFileURL(sdkRequire.resolve('jose')).href);
const { createTokenVerifier } = await import(pathToFileURL(join(ROOT, 'packages/sdk/dist/verifier/index.js')).href);

// The issuer: one signing key per algorithm, published in a JWKS on loopback.
const keys = {};
for (const alg of ['ES256', 'EdDSA', 'RS256']) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  keys[alg] = { kid: randomUUID(), privateKey, jwk: await jose.exportJWK(publicKey) };
}
const server = createServer((req, res) => {
  const body = JSON.stringify({ keys: Object.entries(keys).map(([alg, k]) => ({ ...k.jwk, kid: k.kid, alg, use: 'sig' })) });
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const issuer = `${origin}/t/bench`;
const audience = `${origin}/mcp/bench/example`;

async function mint(alg, count) {
  const now = Math.floor(Date.now() / 1000);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      new jose.SignJWT({ client_id: `agent-${i}`, scope: 'mcp:tools', jti: randomUUID() })
        .setProtectedHeader({ alg, kid: keys[alg].kid, typ: 'at+jwt' })
        .setIssuer(issuer).setAudience(audience).setSubject(`agent-${i}`)
        .setIssuedAt(now).setExpirationTime(now + 3600)
        .sign(keys[alg].privateKey),
    ),
  );
}

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
  return { verifications: done, wallS: +wallS.toFixed(2), cpuS: +cpuS.toFixed(2), perCpuSecond: Math.round(done / cpuS), perWallSecond: Math.round(done / wallS) };
}

const rows = [];
for (const alg of Object.keys(keys)) {
  // Cold: every token is new to the verifier (signature checked each time).
  const fresh = await mint(alg, 4000);
  const cold = createTokenVerifier({ issuer, audience, jwksUri: `${origin}/jwks.json`, cacheSize: 0 });
  rows.push({ alg, mode: 'cold (each token new)', ...(await measure(cold, fresh)) });
  // Warm: AGENTS agents each presenting its token again, as they do for the token's lifetime.
  const agents = await mint(alg, AGENTS);
  const warm = createTokenVerifier({ issuer, audience, jwksUri: `${origin}/jwks.json` });
  rows.push({ alg, mode: `warm (${AGENTS} agents reusing tokens)`, ...(await measure(warm, agents)) });
}
server.close();

const pad = (v, n) => String(v).padStart(n);
console.log(`\nsdk-verify: @portcullis/sdk/verifier, ${DURATION_MS / 1000}s per row, Node ${process.version}, ${os.cpus()[0]?.model} x${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}`);
console.log(`${'alg'.padEnd(6)} ${'mode'.padEnd(34)} ${pad('per CPU-s', 10)} ${pad('per wall-s', 11)} ${pad('verified', 9)}`);
for (const r of rows) console.log(`${r.alg.padEnd(6)} ${r.mode.padEnd(34)} ${pad(r.perCpuSecond, 10)} ${pad(r.perWallSecond, 11)} ${pad(r.verifications, 9)}`);
const checks = rows
  .filter((r) => r.mode.startsWith('warm'))
  .map((r) => ({ check: `${r.alg} warm >= ${TARGET_PER_CORE}/core`, value: r.perCpuSecond, pass: r.perCpuSecond >= TARGET_PER_CORE }));
for (const c of checks) console.log(`${c.check.padEnd(32)} ${pad(c.value, 10)}  ${c.pass ? 'yes' : 'NO'}`);

mkdirSync(RESULTS_DIR, { recursive: true });
const file = join(RESULTS_DIR, 'sdk-verify.json');
writeFileSync(file, JSON.stringify({ suite: 'sdk-verify', at: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadAvg1: os.loadavg()[0], durationMs: DURATION_MS, rows, checks }, null, 2));
console.log(`\nwrote ${file.slice(ROOT.length)}`);

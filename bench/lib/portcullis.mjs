// Portcullis for benchmarks: a throw-away PostgreSQL and Redis (packages/testkit), the built API
// in its own process (with its worker, as deployed), and a tenant with one MCP server, one agent
// granted every tool on it, and a client secret, all set up through the public REST API.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from './process.mjs';
import { checkoutState } from './report.mjs';

const require = createRequire(import.meta.url);

/**
 * Starts PostgreSQL (or, with `embedded`, nothing: the API runs on PGlite in a new directory),
 * Redis and the API: { url, databaseUrl, apiPid, restartApi(between), stop() }. Env (read here, for benchmarks only):
 * BENCH_API_LOG_LEVEL (default warn: a benchmark measures the request path, not the log pipe),
 * BENCH_API_PROFILE (a directory: write a CPU profile of the API's run there, see cpu-profile.mjs),
 * BENCH_API_GC (a directory: write the API's garbage collections second by second there, see gc-probe.mjs),
 * BENCH_API_NODE_ARGS (extra node flags for the API process, e.g. "--max-semi-space-size=32"),
 * BENCH_API_WORKER (`separate`: queue jobs in a worker process of their own, RUN_WORKER=false on the API).
 */
export const BENCH_METRICS_TOKEN = randomBytes(24).toString('base64url');

/**
 * BENCH_BASE_ROOT: another checkout of Portcullis, already built (`pnpm install` then
 * `pnpm turbo run build`), which the token and gateway suites also measure, on PostgreSQL, as
 * "(base)": a change's before and after in one run, on the same machine. Undefined when unset.
 */
export function baseRoot() {
  const dir = process.env.BENCH_BASE_ROOT;
  if (!dir) return undefined;
  if (!existsSync(join(dir, 'apps/api/dist/main.js')))
    throw new Error(`BENCH_BASE_ROOT=${dir} holds no built API (apps/api/dist/main.js): build it first`);
  const { commit, modified } = checkoutState(dir);
  console.log(
    `base: ${dir} at ${commit ?? 'an unknown commit'}${modified ? ', with uncommitted changes' : ''}`,
  );
  return dir;
}

export async function startPortcullis(root, { embedded = false } = {}) {
  const testkit = require(join(root, 'packages/testkit/dist/index.js'));
  const cleanups = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  // PostgreSQL runs as a daemon, not a child of ours: stop it even if the runner dies.
  const onExit = () => {
    for (const cleanup of cleanups.splice(0).reverse()) void cleanup();
  };
  process.once('exit', onExit);
  try {
    let databaseUrl;
    const pgliteDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-pglite-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true })); // after the API stopped
      return dir;
    };
    if (!embedded) {
      const pg = await testkit.startPostgres();
      cleanups.push(() => pg.stop());
      databaseUrl = pg.createDatabase('portcullis');
    }
    const redis = await testkit.startRedis();
    cleanups.push(() => redis.stop());
    const port = await testkit.freePort();
    const url = `http://127.0.0.1:${port}`;
    const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    if (process.env.BENCH_API_PROFILE) {
      mkdirSync(process.env.BENCH_API_PROFILE, { recursive: true });
      nodeArgs.push('--import', new URL('./cpu-profile.mjs', import.meta.url).href);
    }
    if (process.env.BENCH_API_GC) {
      mkdirSync(process.env.BENCH_API_GC, { recursive: true });
      nodeArgs.push('--import', new URL('./gc-probe.mjs', import.meta.url).href);
    }
    const separateWorker = process.env.BENCH_API_WORKER === 'separate';
    if (separateWorker && embedded)
      throw new Error(
        'BENCH_API_WORKER=separate needs PostgreSQL: the embedded database runs the worker in the API process',
      );
    const env = {
      // Not 'production': it refuses loopback upstreams, and the benchmarks' upstreams are local.
      // The request path is the same code in both modes.
      NODE_ENV: 'test',
      // The audit-scale benchmark samples the heap from /metrics; provisioning signs up owners.
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      SIGNUP_LIMIT_PER_HOUR: '1000000',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      ...(embedded ? { PGLITE_DIR: pgliteDir() } : { DATABASE_URL: databaseUrl }),
      REDIS_URL: redis.url,
      SECRET_PEPPER: randomBytes(32).toString('base64url'),
      MASTER_KEY: randomBytes(32).toString('base64'),
      ALLOW_LOOPBACK_UPSTREAMS: 'true',
      LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'warn',
      RUN_WORKER: separateWorker ? 'false' : 'true',
      MIGRATE_ON_START: 'true', // the embedded mode migrates on start anyway
      // This run's database is thrown away: its spool (if ever used) must not replay elsewhere.
      AUDIT_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'portcullis-bench-spool-')),
    };
    // At LOG_LEVEL=info the API logs every request: show warnings and errors only (pino
    // levels 40 and up, and anything that is not a pino line), the rest is read and dropped.
    const forwardStdout = (line) => {
      const level = /^\{"level":(\d+)/.exec(line);
      return !level || Number(level[1]) >= 40;
    };
    const startApi = () =>
      startService({
        name: 'portcullis-api',
        command: process.execPath,
        args: [...nodeArgs, join(root, 'apps/api/dist/main.js')],
        env,
        readyUrl: `${url}/healthz`,
        forwardStdout,
        timeoutMs: 120_000,
      });
    let api = await startApi();
    cleanups.push(() => api.stop());
    if (separateWorker) {
      // The PostgreSQL deployment's other shape: queue jobs (tool discovery, audit appends) in
      // their own process (apps/api/dist/worker.js), started once the API has migrated.
      const worker = await startService({
        name: 'portcullis-worker',
        command: process.execPath,
        args: [join(root, 'apps/api/dist/worker.js')],
        env: { ...env, MIGRATE_ON_START: 'false' },
        spawnedIsReady: true,
        forwardStdout,
      });
      cleanups.push(() => worker.stop());
    }
    return {
      url,
      databaseUrl,
      get apiPid() {
        return api.child.pid;
      },
      /**
       * Stops the API, runs `between({ pgliteDir })` (the embedded database is the API's own while
       * it runs: a benchmark seeds it in between), and starts it again on the same data.
       */
      async restartApi(between) {
        await api.stop();
        await between({ pgliteDir: env.PGLITE_DIR });
        api = await startApi();
      },
      async stop() {
        process.removeListener('exit', onExit);
        await stopAll();
      },
    };
  } catch (error) {
    process.removeListener('exit', onExit);
    await stopAll();
    throw error;
  }
}

async function call(apiUrl, method, path, { body, headers = {} } = {}) {
  const res = await fetch(apiUrl + path, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return { body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/**
 * Signs up a tenant, registers `upstreamUrl` as a server (tools auto-approved), waits until the
 * worker has discovered a callable tool, and creates an agent granted every tool with a secret.
 */
export async function provisionTenant(apiUrl, { upstreamUrl, tokenLifetimeSec = 3600 }) {
  const tenantSlug = `bench-${randomBytes(3).toString('hex')}`;
  const serverSlug = 'echo';
  const signup = await call(apiUrl, 'POST', '/api/v1/auth/signup', {
    body: {
      email: `${tenantSlug}@bench.example`,
      password: randomBytes(18).toString('base64url'),
      name: 'Bench',
      tenantName: 'Bench',
      tenantSlug,
    },
  });
  const cookie = signup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const session = { cookie, 'x-csrf-token': signup.body.csrfToken };
  const { body: created } = await call(apiUrl, 'POST', '/api/v1/api-tokens', {
    headers: session,
    body: { name: 'bench', role: 'admin' },
  });
  const admin = { authorization: `Bearer ${created.token}` };

  const { body: server } = await call(apiUrl, 'POST', '/api/v1/servers', {
    headers: admin,
    body: {
      slug: serverSlug,
      name: 'Echo',
      upstreamUrl,
      upstreamAuth: { type: 'none' },
      autoApproveTools: true,
    },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body: tools } = await call(apiUrl, 'GET', `/api/v1/servers/${server.id}/tools`, {
      headers: admin,
    });
    const list = Array.isArray(tools) ? tools : (tools.items ?? []);
    if (list.some((t) => t.name === 'echo' && t.callable)) break;
    if (Date.now() > deadline)
      throw new Error('tool discovery did not find a callable "echo" tool within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  const { body: agent } = await call(apiUrl, 'POST', '/api/v1/agents', {
    headers: admin,
    body: { name: 'bench-agent', tokenLifetimeSec },
  });
  await call(apiUrl, 'PUT', `/api/v1/agents/${agent.id}/grants/${server.id}`, {
    headers: admin,
    body: { tools: '*' },
  });
  const { body: secret } = await call(apiUrl, 'POST', `/api/v1/agents/${agent.id}/secrets`, {
    headers: admin,
    body: {},
  });
  return {
    apiUrl,
    tenantId: signup.body.tenant.id,
    tenantSlug,
    serverSlug,
    serverId: server.id,
    admin,
    session,
    gatewayUrl: `${apiUrl}/mcp/${tenantSlug}/${serverSlug}`,
    tokenUrl: `${apiUrl}/t/${tenantSlug}/token`,
    clientId: secret.clientId,
    clientSecret: secret.clientSecret,
  };
}

/** The client_credentials request both token targets get: Basic auth, one resource, one scope. */
export function tokenRequest({ clientId, clientSecret, resource, scope = 'mcp:tools' }) {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString(
    'base64',
  );
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }).toString(),
    expect: { bodyIncludes: '"access_token"' },
  };
}

/** An access token for the gateway target. */
export async function fetchAccessToken(tenant) {
  const req = tokenRequest({
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    resource: tenant.gatewayUrl,
  });
  const res = await fetch(tenant.tokenUrl, { method: req.method, headers: req.headers, body: req.body });
  const body = await res.json();
  if (!res.ok) throw new Error(`token request answered ${res.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

/**
 * An access token for a person (the tenant's owner) through an MCP client: owners granted every
 * tool, a public client registered, the authorization code flow with PKCE and the owner's
 * consent given through the console's API, the code redeemed. Such a token lives five minutes.
 */
export async function fetchPersonToken(tenant) {
  const { apiUrl, tenantSlug } = tenant;
  await call(apiUrl, 'PUT', `/api/v1/servers/${tenant.serverId}/member-grants`, {
    headers: tenant.admin,
    body: { subject: { role: 'owner' }, tools: '*' },
  });
  const redirectUri = 'http://127.0.0.1:9/callback';
  const { body: client } = await call(apiUrl, 'POST', `/t/${tenantSlug}/register`, {
    body: {
      client_name: 'bench host',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
    },
  });
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: tenant.gatewayUrl,
  });
  const start = await fetch(`${apiUrl}/t/${tenantSlug}/authorize?${query}`, { redirect: 'manual' });
  const request = new URL(start.headers.get('location') ?? 'about:blank').searchParams.get('request');
  if (!request)
    throw new Error(`the authorization endpoint answered ${start.status} without a consent redirect`);
  const { body: decided } = await call(apiUrl, 'POST', `/api/v1/auth/authorizations/${request}`, {
    headers: tenant.session,
    body: { decision: 'allow' },
  });
  const code = new URL(decided.redirectTo).searchParams.get('code');
  const res = await fetch(`${apiUrl}/t/${tenantSlug}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: client.client_id,
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    }).toString(),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`code exchange answered ${res.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

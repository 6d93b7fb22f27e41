// Runs the platform on its embedded default: a local redis-server (unless REDIS_URL is set),
// the API with its in-process worker on PGlite (unless DATABASE_URL is set), and the console.
// Ctrl-C stops everything cleanly, in order: the console, then the API (which drains, hands its
// audit events to Redis or the database, and closes PGlite: it must be closed, never killed, so
// it is waited for however long it takes), then the example server, then Redis last. A second
// Ctrl-C tells the API not to wait for what is in flight; a third kills everything.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(process.env.PORTCULLIS_DATA_DIR ?? path.join(root, '.data'));
mkdirSync(dataDir, { recursive: true });

const API_PORT = Number(process.env.PORT ?? 4000);
const CONSOLE_PORT = Number(process.env.CONSOLE_PORT ?? 3000);
const REDIS_PORT = Number(process.env.LOCAL_REDIS_PORT ?? 6390);
const PUBLIC_URL = process.env.PUBLIC_URL ?? `http://localhost:${API_PORT}`;
const CONSOLE_URL = process.env.CONSOLE_URL ?? `http://localhost:${CONSOLE_PORT}`;

/** Development secrets, generated once per checkout and kept under .data/ (never committed). */
function devSecrets() {
  const file = path.join(dataDir, 'dev-secrets.json');
  const saved = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets = {
    SECRET_PEPPER: `dev-${randomBytes(32).toString('base64url')}`,
    MASTER_KEY: randomBytes(32).toString('base64'),
    // The demo owner's password: per checkout, never a published one.
    DEMO_ADMIN_PASSWORD: `demo-${randomBytes(12).toString('base64url')}`,
    // Lets the API believe the browser address the console forwards.
    CONSOLE_PROXY_SECRET: randomBytes(32).toString('base64url'),
    ...saved,
  };
  if (Object.keys(secrets).length !== Object.keys(saved).length)
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

// This script runs the development demo: a known demo owner and loopback upstreams. Refused in
// production; with a DATABASE_URL of your own, the demo is seeded only when you ask (SEED_DEMO).
if (process.env.NODE_ENV === 'production') {
  console.error(
    'scripts/start.mjs runs the development demo and refuses NODE_ENV=production: start apps/api/dist/main.js and the console yourself (see README).',
  );
  process.exit(1);
}
const ownDatabase = !!process.env.DATABASE_URL;

const children = [];
let stopping = false;
/** Children that stop without a database are killed if they take longer than this. */
const STOP_WAIT_MS = 10_000;

/**
 * Each child gets its own process group, so a Ctrl-C in the terminal reaches this script alone
 * and the children stop in order (otherwise Redis would go at the same moment as the API).
 * `ownsData`: never killed on a timer (it closes a database before it exits).
 */
function run(name, command, args, options, { ownsData = false } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  const prefix = (line) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) if (line.trim()) console.log(prefix(line));
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(prefix(`exited (${signal ?? code}); stopping everything`));
      void shutdown(1);
    }
  });
  children.push({ name, child, ownsData });
  return child;
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000}s`);
}

const running = (child) => child.exitCode === null && child.signalCode === null;
let stoppingNow;

async function stop({ name, child, ownsData }) {
  if (!running(child)) return;
  stoppingNow = child;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = ownsData
    ? setTimeout(
        () =>
          console.log(
            `[${name}] still stopping: it closes its database before it exits (Ctrl-C again to stop waiting for requests in flight)`,
          ),
        30_000,
      )
    : setTimeout(() => child.kill('SIGKILL'), STOP_WAIT_MS);
  await exited;
  clearTimeout(timer);
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  // Reverse order of start: console, API, example server, Redis (last: the API hands off to it).
  for (const entry of [...children].reverse()) await stop(entry);
  // A data owner that did not stop cleanly (it says why in its log) fails the whole run.
  const unclean = children.some(({ child, ownsData }) => ownsData && child.exitCode !== 0);
  process.exit(code || (unclean ? 1 : 0));
}

let signals = 0;
function onSignal() {
  signals += 1;
  if (signals === 1) return void shutdown(0);
  if (signals === 2 && stoppingNow && running(stoppingNow)) {
    console.log('Not waiting for requests in flight any more (Ctrl-C again to kill everything).');
    stoppingNow.kill('SIGTERM');
    return;
  }
  for (const { child } of children) if (running(child)) child.kill('SIGKILL');
  process.exit(1);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);
// Children have their own process groups: if this script dies another way, ask them to stop.
process.on('exit', () => {
  for (const { child } of children) if (running(child)) child.kill('SIGTERM');
});

async function main() {
  const secrets = devSecrets();
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (await portOpen(REDIS_PORT)) {
      throw new Error(
        `port ${REDIS_PORT} is taken: stop what runs there or set LOCAL_REDIS_PORT / REDIS_URL`,
      );
    }
    mkdirSync(path.join(dataDir, 'redis'), { recursive: true });
    run('redis', 'redis-server', [
      '--port',
      String(REDIS_PORT),
      '--bind',
      '127.0.0.1',
      '--dir',
      path.join(dataDir, 'redis'),
      '--save',
      '60 1',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
    ]);
    await waitFor('redis-server', () => portOpen(REDIS_PORT), 20_000);
    redisUrl = `redis://127.0.0.1:${REDIS_PORT}`;
  }

  // The example MCP server the demo tenant registers behind the gateway.
  const EXAMPLE_PORT = Number(process.env.EXAMPLE_MCP_PORT ?? 7001);
  run('example-mcp', process.execPath, [path.join(root, 'examples/mcp-server/dist/main.js')], {
    env: { ...process.env, MCP_HOST: '127.0.0.1', MCP_PORT: String(EXAMPLE_PORT) },
  });
  await waitFor('the example MCP server', () => portOpen(EXAMPLE_PORT), 20_000);

  const apiEnv = {
    ...process.env,
    PORT: String(API_PORT),
    PUBLIC_URL,
    CONSOLE_URL,
    REDIS_URL: redisUrl,
    SECRET_PEPPER: process.env.SECRET_PEPPER ?? secrets.SECRET_PEPPER,
    MASTER_KEY: process.env.MASTER_KEY ?? secrets.MASTER_KEY,
    CONSOLE_PROXY_SECRET: process.env.CONSOLE_PROXY_SECRET ?? secrets.CONSOLE_PROXY_SECRET,
    PGLITE_DIR: process.env.PGLITE_DIR ?? path.join(dataDir, 'pglite'),
    AUDIT_SPOOL_DIR: process.env.AUDIT_SPOOL_DIR ?? path.join(dataDir, 'audit-spool'),
    SEED_DEMO: process.env.SEED_DEMO ?? String(!ownDatabase),
    DEMO_ADMIN_PASSWORD: process.env.DEMO_ADMIN_PASSWORD ?? secrets.DEMO_ADMIN_PASSWORD,
    DEMO_UPSTREAM_URL: `http://127.0.0.1:${EXAMPLE_PORT}/mcp`,
    DEMO_AGENT_FILE: path.join(dataDir, 'demo-agent.json'),
    // The demo registers the example MCP server on loopback (not on a database of your own).
    ALLOW_LOOPBACK_UPSTREAMS: process.env.ALLOW_LOOPBACK_UPSTREAMS ?? String(!ownDatabase),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  run(
    'api',
    process.execPath,
    [path.join(root, 'apps/api/dist/main.js')],
    { env: apiEnv, cwd: root },
    { ownsData: true },
  );
  await waitFor('the API', async () => (await fetch(`http://127.0.0.1:${API_PORT}/readyz`)).ok);

  const consoleDir = path.join(root, 'apps/console');
  if (existsSync(path.join(consoleDir, '.next'))) {
    run('console', process.execPath, [path.join(consoleDir, 'server.mjs')], {
      cwd: consoleDir,
      env: {
        ...process.env,
        PORT: String(CONSOLE_PORT),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        API_URL: `http://127.0.0.1:${API_PORT}`,
        CONSOLE_PROXY_SECRET: apiEnv.CONSOLE_PROXY_SECRET,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    });
    await waitFor(
      'the console',
      async () => (await fetch(`http://127.0.0.1:${CONSOLE_PORT}/signin`)).status < 500,
    );
  }

  console.log(`
Portcullis is running.
  Console   ${CONSOLE_URL}
  API       ${PUBLIC_URL}/api/v1   (docs: ${PUBLIC_URL}/api/docs)
  Demo      ${apiEnv.SEED_DEMO === 'true' ? `admin@demo.local / ${apiEnv.DEMO_ADMIN_PASSWORD}   (from .data/dev-secrets.json)` : 'not seeded (DATABASE_URL is yours; SEED_DEMO=true to seed it)'}
  Mail      ${process.env.SMTP_URL ? 'through SMTP_URL' : '.data/mail/*.eml (invitations, sign-up and reset links)'}
  Gateway   ${PUBLIC_URL}/mcp/demo/example   (demo agent credentials: .data/demo-agent.json)
  Try it    node scripts/demo-agent.mjs
Press Ctrl-C to stop.`);
}

main().catch((e) => {
  console.error(`Could not start Portcullis: ${e.message}`);
  void shutdown(1);
});

// Real child processes of the built app (apps/api/dist): API nodes and standalone workers, on
// their own Redis and database, stopped with real signals. Their output is kept (the tail of it)
// so a failing test can say why. Build first: `pnpm --filter @portcullis/api build`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@portcullis/testkit';
import { Client, signUpOwner } from '../harness';
import { agentWithSecret, approveAll, basic, registerExampleServer, waitUntil } from '../fixtures';
import { initializeAt, mcpHeaders } from '../mcp-http';

const DIST = path.resolve(__dirname, '../../dist');
const OUTPUT_KEPT = 256 * 1024;

export interface NodeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildNode {
  child: ChildProcess;
  exited: Promise<NodeExit>;
  output(): string;
  /** Sends the signal and waits for the process to exit (the test's own timeout bounds the wait). */
  stop(signal?: NodeJS.Signals): Promise<NodeExit>;
  /** Cleanup after a failed test: SIGKILL if it still runs. */
  kill(): Promise<void>;
}

export interface ApiNode extends ChildNode {
  baseUrl: string;
}

/** What every node of one deployment shares: secrets, Redis and its key prefix, the spool, the database. */
export interface Deployment {
  redisUrl: string;
  /** PostgreSQL; unset: the embedded PGlite in `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir?: string;
  spoolDir: string;
  prefix?: string;
  extra?: Record<string, string>;
}

function baseEnv(d: Deployment): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    REDIS_URL: d.redisUrl,
    REDIS_PREFIX: d.prefix ?? 'sd',
    SECRET_PEPPER: 'test-pepper-0123456789abcdef0123456789',
    MASTER_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    ALLOW_LOOPBACK_UPSTREAMS: 'true',
    CONSOLE_URL: 'http://console.test',
    AUDIT_SPOOL_DIR: d.spoolDir,
    // info: the worker's readiness is a log line, and a failing test shows what happened.
    LOG_LEVEL: 'info',
    ...d.extra,
  };
  if (d.databaseUrl) env.DATABASE_URL = d.databaseUrl;
  if (d.pgliteDir) env.PGLITE_DIR = d.pgliteDir;
  return env;
}

/** These tests run the built app: a build older than the sources would test something else. */
function assertBuilt(script: string): void {
  const built = path.join(DIST, script);
  if (!existsSync(built))
    throw new Error(`apps/api/dist/${script} is missing: pnpm --filter @portcullis/api build`);
  const src = path.resolve(__dirname, '../../src');
  const newest = (readdirSync(src, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .reduce((t, f) => Math.max(t, statSync(path.join(src, f)).mtimeMs), 0);
  if (newest > statSync(built).mtimeMs)
    throw new Error('apps/api/dist is older than apps/api/src: pnpm --filter @portcullis/api build');
}

function spawnNode(script: 'main.js' | 'worker.js', env: NodeJS.ProcessEnv): ChildNode {
  assertBuilt(script);
  const child = spawn(process.execPath, [path.join(DIST, script)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<NodeExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    exited,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (running()) child.kill(signal);
      return exited;
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function until(
  node: ChildNode,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null || node.child.signalCode !== null) {
      throw new Error(
        `${what}: the process exited (${node.child.exitCode ?? node.child.signalCode}):\n${node.output().slice(-4000)}`,
      );
    }
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  await node.kill();
  throw new Error(`${what}: not ready in time:\n${node.output().slice(-4000)}`);
}

/** An API node (`node dist/main.js`), ready once /readyz answers 200. */
export async function startApiNode(
  d: Deployment,
  opts: { port?: number; runWorker?: boolean } = {},
): Promise<ApiNode> {
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const node = spawnNode('main.js', {
    ...baseEnv(d),
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    RUN_WORKER: String(opts.runWorker ?? !d.databaseUrl),
  });
  await until(
    node,
    'API node',
    async () => (await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200,
  );
  return { ...node, baseUrl };
}

/** A standalone worker (`node dist/worker.js`, PostgreSQL only), ready once Nest says it started. */
export async function startWorkerNode(d: Deployment): Promise<ChildNode> {
  const node = spawnNode('worker.js', baseEnv(d));
  await until(node, 'worker', async () => node.output().includes('Nest application successfully started'));
  return node;
}

/** The cluster state recorded in PGlite's pg_control: 1 once closed cleanly, 6 while open (or after a crash). */
export function pgliteClusterState(dir: string): number {
  return readFileSync(path.join(dir, 'global', 'pg_control')).readInt32LE(16);
}
export const PG_SHUT_DOWN = 1;

/** What an agent needs for a token: its tenant, its credentials, and the server it wants (the token's audience). */
export interface AgentCredentials {
  tenantSlug: string;
  clientId: string;
  clientSecret: string;
  /** The server's gateway URL. */
  resource: string;
}

/** A tenant with the example MCP server (tools approved) and an agent granted on it. */
export async function tenantWithAgent(baseUrl: string) {
  const owner = await signUpOwner(baseUrl);
  const tenant = (await owner.client.get('/api/v1/tenant')).body as { slug: string; id: string };
  const server = await registerExampleServer(owner.client);
  await approveAll(owner.client, server.serverId);
  const agent = await agentWithSecret(owner.client, server.serverId);
  const credentials: AgentCredentials = {
    tenantSlug: tenant.slug,
    clientId: agent.clientId,
    clientSecret: agent.clientSecret,
    resource: server.gatewayUrl,
  };
  return { owner: owner.client, tenant, server, credentials };
}

export type TenantWithAgent = Awaited<ReturnType<typeof tenantWithAgent>>;

function tokenRequest(baseUrl: string, a: AgentCredentials, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/t/${a.tenantSlug}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: basic(a.clientId, a.clientSecret),
      ...headers,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: a.resource }).toString(),
  });
}

/** One client_credentials request with our own request id; the status, or undefined when nothing answered. */
export async function requestToken(
  baseUrl: string,
  a: AgentCredentials,
  requestId: string,
): Promise<number | undefined> {
  try {
    const res = await tokenRequest(baseUrl, a, { 'x-request-id': requestId });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined; // refused or reset: the node has stopped listening
  }
}

/**
 * Token requests from `concurrency` loops until stopped; every request carries its own request
 * id. `answered` lists the ids the node answered with a token (each must leave token.issued).
 */
export function tokenLoad(baseUrl: string, a: AgentCredentials, concurrency = 6) {
  const run = randomBytes(4).toString('hex');
  const answered: string[] = [];
  let stopped = false;
  const loops = Array.from({ length: concurrency }, async (_, loop) => {
    for (let n = 0; !stopped; n++) {
      const id = `load-${run}-${loop}-${n}`;
      const status = await requestToken(baseUrl, a, id);
      if (status === 200) answered.push(id);
      if (status === undefined) await new Promise((r) => setTimeout(r, 50));
    }
  });
  return {
    answered,
    /** Resolves once `n` requests have been answered. */
    async reached(n: number): Promise<void> {
      while (answered.length < n) await new Promise((r) => setTimeout(r, 20));
    },
    async stop(): Promise<string[]> {
      stopped = true;
      await Promise.all(loops);
      return answered;
    },
  };
}

/** The request ids of the tenant's events with `action`, read from the NDJSON export. */
export async function trailRequestIds(owner: Client, action: string): Promise<Set<string>> {
  const res = await owner.get('/api/v1/audit/export?format=ndjson');
  if (res.status !== 200) throw new Error(`export failed: ${res.status}`);
  const ids = new Set<string>();
  // One line would have been parsed as JSON by the client: text either way.
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  for (const line of text.split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line) as { type: string; action?: string; requestId?: string };
    if (entry.type === 'event' && entry.action === action && entry.requestId) ids.add(entry.requestId);
  }
  return ids;
}

/**
 * The ids in `answered` whose token.issued event is not in the trail once it settles (a node
 * just started replays its spool, its worker drains the queue), and the chain's verification.
 */
export async function missingFromTrail(
  owner: Client,
  answered: string[],
): Promise<{ missing: string[]; verification: unknown }> {
  let missing = answered;
  await waitUntil(
    'every answered request in the trail',
    async () => {
      const stored = await trailRequestIds(owner, 'token.issued');
      missing = answered.filter((id) => !stored.has(id));
      return missing.length === 0;
    },
    90_000,
  ).catch(() => undefined);
  return { missing, verification: (await owner.post('/api/v1/audit/verify')).body };
}

/** The owner's client pointed at another node of the same deployment (sessions live in the database). */
export function sameSession(owner: Client, baseUrl: string): Client {
  const moved = new Client(baseUrl);
  for (const name of ['pc_session', 'pc_csrf']) {
    const value = owner.cookie(name);
    if (value) moved.setCookie(name, value);
  }
  return moved;
}

/** An access token for the agent's server. */
export async function accessToken(baseUrl: string, a: AgentCredentials): Promise<string> {
  const res = await tokenRequest(baseUrl, a);
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** An MCP session through the gateway: what a client sends before its calls. */
export async function mcpSession(gatewayUrl: string, token: string) {
  const headers = mcpHeaders(token);
  const init = await initializeAt(gatewayUrl, token, 'shutdown-test');
  await init.text();
  const sessionId = init.headers.get('mcp-session-id');
  if (init.status !== 200 || !sessionId) throw new Error(`initialize: ${init.status}`);
  const session = { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
  const ack = await fetch(gatewayUrl, {
    method: 'POST',
    headers: session,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  await ack.text();
  return session;
}

/** An open event stream; `ended` resolves when it ends, cleanly or not; `received` is what came so far. */
export interface OpenStream {
  status: number;
  ended: Promise<void>;
  received(): string;
}

async function openStream(res: Response, firstEvent: boolean): Promise<OpenStream> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  if (firstEvent) text += decoder.decode((await reader.read()).value, { stream: true });
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      /* cut: ended all the same */
    }
  })();
  return { status: res.status, ended, received: () => text };
}

/** A tools/call that streams progress for minutes (slow_count), relayed by the gateway as SSE. */
export async function slowToolCall(gatewayUrl: string, session: Record<string, string>): Promise<OpenStream> {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: session,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'slow_count', arguments: { to: 1000, delayMs: 200 }, _meta: { progressToken: 'p' } },
    }),
  });
  if (!String(res.headers.get('content-type')).startsWith('text/event-stream'))
    throw new Error(`slow_count: ${res.status} ${await res.text()}`);
  return openStream(res, true);
}

/** The session's server-to-client stream (GET), which only ends when one side ends it. */
export async function serverStream(gatewayUrl: string, session: Record<string, string>): Promise<OpenStream> {
  const res = await fetch(gatewayUrl, {
    method: 'GET',
    headers: { ...session, accept: 'text/event-stream' },
  });
  if (res.status !== 200) throw new Error(`GET stream: ${res.status} ${await res.text()}`);
  // Open once its headers are here: the server may have nothing to say for a long while.
  return openStream(res, false);
}

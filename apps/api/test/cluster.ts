// Several nodes of one deployment as separate processes of the built application
// (apps/api/dist/main.js for API nodes, dist/worker.js for workers), on loopback, against one
// PostgreSQL database and one Redis: what a production cluster is, minus the load balancer.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@portcullis/testkit';
import { waitUntil } from './fixtures';

const DIST = path.resolve(__dirname, '../dist');

export interface NodeProcess {
  name: string;
  /** Where an API node listens (undefined for a worker). */
  url?: string;
  /** The last lines it printed, for a failure's message. */
  output(): string;
  stop(): Promise<void>;
}

export const CLUSTER_METRICS_TOKEN = 'cluster-metrics-token-0123456789';

/** A node's Prometheus text (the scrape needs the deployment's METRICS_TOKEN). */
export async function metricsOf(node: NodeProcess): Promise<string> {
  return (
    await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${CLUSTER_METRICS_TOKEN}` } })
  ).text();
}

/** What every node of the deployment shares: database, Redis, namespace, secrets, public URL. */
export function clusterEnv(opts: {
  databaseUrl: string;
  redisUrl: string;
  publicUrl: string;
}): Record<string, string> {
  return {
    // Not 'production': production refuses loopback upstreams, and the test's MCP server is on loopback.
    NODE_ENV: 'test',
    METRICS_TOKEN: CLUSTER_METRICS_TOKEN,
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: `c${randomBytes(4).toString('hex')}`,
    PUBLIC_URL: opts.publicUrl,
    CONSOLE_URL: 'http://console.test',
    SECRET_PEPPER: 'cluster-pepper-0123456789abcdef0123456789',
    MASTER_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    ALLOW_LOOPBACK_UPSTREAMS: 'true',
    LOG_LEVEL: 'warn',
    // One spool per deployment (it replays into this deployment's database).
    AUDIT_SPOOL_DIR: mkdtempSync(path.join(os.tmpdir(), 'cluster-spool-')),
  };
}

function spawnNode(
  name: string,
  script: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  const file = path.join(DIST, script);
  if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm build first`);
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => `${name}:\n${lines.join('\n')}` };
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
}

/** An API node on a free loopback port (RUN_WORKER=false, as in production); resolves once it answers /healthz. */
export async function startApiNode(
  name: string,
  env: Record<string, string>,
  port?: number,
): Promise<NodeProcess> {
  port ??= await freePort();
  const { child, output } = spawnNode(name, 'main.js', {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    RUN_WORKER: 'false',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    `${name} to answer`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}\n${output()}`);
      return (
        (await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        )) || undefined
      );
    },
    90_000,
  );
  return { name, url, output, stop: stopper(child) };
}

/** A standalone worker; resolves once Nest reports the application started (queues attached). */
export async function startWorker(name: string, env: Record<string, string>): Promise<NodeProcess> {
  // Info level for the one line that says it started.
  const { child, output } = spawnNode(name, 'worker.js', { ...env, LOG_LEVEL: 'info' });
  await waitUntil(
    `${name} to start`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}\n${output()}`);
      return output().includes('successfully started') || undefined;
    },
    90_000,
  );
  return { name, output, stop: stopper(child) };
}

/** The highest change sequence a node has learned, from its /metrics. */
export async function sequenceOf(node: NodeProcess): Promise<number> {
  const text = await metricsOf(node);
  const m = /^cache_generation_sequence (\d+)/m.exec(text);
  if (!m) throw new Error(`${node.name} exposes no cache_generation_sequence`);
  return Number(m[1]);
}

// A standalone worker stopped with a job in progress: a tool sync whose upstream sits behind a
// gate that holds its connections, so the job stays active for as long as the test says. Let
// through while the worker drains, the job finishes and the worker exits 0; held past the
// worker's deadline, the job is put back in the wait list (exit 1) and another worker does it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Queue, type Job } from 'bullmq';
import { startExampleServer, type ExampleServer } from '@portcullis/example-mcp-server';
import { migrateDeploy } from '@portcullis/db';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '@portcullis/testkit';
import { signUpOwner, type Client } from '../harness';
import { waitUntil } from '../fixtures';
import { startGate, type Gate } from './gate';
import { startApiNode, startWorkerNode, type ApiNode, type ChildNode, type Deployment } from './nodes';
import { MCP_SYNC_QUEUE } from '../../src/queue/queues';

const dir = mkdtempSync(path.join(os.tmpdir(), 'shutdown-jobs-'));
let pg: PostgresServer;
let redis: RedisServer;
let deployment: Deployment;
let api: ApiNode;
const workers: ChildNode[] = [];
let upstream: ExampleServer;
let gate: Gate;
let owner: Client;
let serverId: string;
let queue: Queue;

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = pg.createDatabase('portcullis_jobs');
  migrateDeploy(databaseUrl);
  deployment = { redisUrl: redis.url, databaseUrl, spoolDir: path.join(dir, 'spool'), prefix: 'jobs' };
  queue = new Queue(MCP_SYNC_QUEUE, { connection: { url: redis.url }, prefix: 'jobs:bull' });
  upstream = await startExampleServer({ port: 0 });
  gate = await startGate(upstream.url);
  const [first] = await Promise.all([
    startWorkerNode(deployment),
    startApiNode(deployment).then((n) => (api = n)),
  ]);
  workers.push(first);
  owner = (await signUpOwner(api.baseUrl)).client;
  const created = await owner.post('/api/v1/servers', {
    slug: 'gated',
    name: 'Gated',
    upstreamUrl: gate.url,
    upstreamAuth: { type: 'none' },
    autoApproveTools: false,
  });
  expect(created.status).toBe(201);
  serverId = created.body.id;
  await waitUntil(
    'the first tool sync',
    async () => (await owner.get(`/api/v1/servers/${serverId}/tools`)).body.items?.length > 0,
  );
}, 300_000);

afterAll(async () => {
  await Promise.all([api?.kill(), ...workers.map((w) => w.kill())]);
  await queue?.close();
  await gate?.close();
  await upstream?.close();
  await redis?.stop();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Shuts the gate, asks for a sync, and returns the job once a worker holds it (its upstream call waits at the gate). */
async function syncInProgress(): Promise<Job> {
  gate.shut();
  expect((await owner.post(`/api/v1/servers/${serverId}/sync`)).status).toBeLessThan(300);
  const job = await waitUntil('a sync job in progress', async () => {
    const active = await queue.getActive();
    return gate.held() > 0 && active.find((j) => (j.data as { serverId?: string }).serverId === serverId);
  });
  return job;
}

const stateOf = async (id: string) => (await queue.getJob(id))?.getState();

it('a job in progress when the worker is told to stop is finished, then the worker exits 0', async () => {
  const job = await syncInProgress();
  const worker = workers.at(-1)!;
  worker.child.kill('SIGTERM');
  await waitUntil('the worker draining', async () =>
    worker.output().includes('stopping: no new requests or jobs'),
  );
  gate.open();
  expect(await worker.exited, worker.output().slice(-3000)).toEqual({ code: 0, signal: null });
  expect(await stateOf(job.id!)).toBe('completed');
}, 180_000);

it('a job still in progress at the deadline is released (exit 1) and another worker finishes it', async () => {
  const first = await startWorkerNode({ ...deployment, extra: { SHUTDOWN_TIMEOUT_SEC: '2' } });
  workers.push(first);
  const job = await syncInProgress();
  expect(await first.stop('SIGTERM'), first.output().slice(-3000)).toEqual({ code: 1, signal: null });
  expect(first.output()).toContain(`released for another worker: ${MCP_SYNC_QUEUE}:${job.id}`);
  expect(await stateOf(job.id!)).toBe('waiting');

  workers.push(await startWorkerNode(deployment));
  gate.open();
  await waitUntil(
    'the released job done by the other worker',
    async () => (await stateOf(job.id!)) === 'completed',
    60_000,
  );
}, 180_000);

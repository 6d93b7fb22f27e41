// A PostgreSQL deployment stopped by its orchestrator: an API node (RUN_WORKER=false) and a
// standalone worker, as real child processes on their own PostgreSQL and Redis, get SIGTERM
// under load, with Redis stopped, with PostgreSQL stopped, and with both stopped (the events go
// to the spool). Each exits 0, and after a restart every request the API answered has its audit
// event in the trail (the spool is replayed at start) and the chain verifies. Then
// streams: a tool call still streaming is cut at the deadline (exit 1), a server stream alone
// does not hold the node (exit 0), and a draining node never answers /readyz with 200.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDeploy } from '@portcullis/db';
import {
  freePort,
  startPostgres,
  startRedis,
  type PostgresServer,
  type RedisServer,
} from '@portcullis/testkit';
import { waitUntil } from '../fixtures';
import {
  accessToken,
  mcpSession,
  missingFromTrail,
  requestToken,
  sameSession,
  serverStream,
  slowToolCall,
  startApiNode,
  startWorkerNode,
  tenantWithAgent,
  tokenLoad,
  type ApiNode,
  type ChildNode,
  type Deployment,
  type NodeExit,
  type TenantWithAgent,
} from './nodes';

const dir = mkdtempSync(path.join(os.tmpdir(), 'shutdown-pg-'));
let pg: PostgresServer;
let redis: RedisServer;
let deployment: Deployment;
let port: number;
let api: ApiNode | undefined;
let worker: ChildNode | undefined;
let tenant: TenantWithAgent;

const CLEAN: NodeExit = { code: 0, signal: null };

async function startNodes() {
  [worker, api] = await Promise.all([startWorkerNode(deployment), startApiNode(deployment, { port })]);
}

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = pg.createDatabase('portcullis_shutdown');
  migrateDeploy(databaseUrl);
  port = await freePort();
  deployment = { redisUrl: redis.url, databaseUrl, spoolDir: path.join(dir, 'spool') };
  await startNodes();
  tenant = await tenantWithAgent(api!.baseUrl);
}, 300_000);

afterAll(async () => {
  await Promise.all([api?.kill(), worker?.kill()]);
  await tenant?.server.upstream.close();
  await redis?.stop();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** SIGTERM to both nodes at once; both must exit 0. */
async function stopNodesCleanly(): Promise<void> {
  const [a, w] = await Promise.all([api!.stop('SIGTERM'), worker!.stop('SIGTERM')]);
  const output = `--- api\n${api!.output().slice(-2500)}\n--- worker\n${worker!.output().slice(-2500)}`;
  expect({ api: a, worker: w }, output).toEqual({ api: CLEAN, worker: CLEAN });
}

/** Restarts both nodes: the answered requests whose event is not in the trail (the chain must verify). */
async function missingAfterRestart(answered: string[]): Promise<string[]> {
  await startNodes();
  const { missing, verification } = await missingFromTrail(sameSession(tenant.owner, api!.baseUrl), answered);
  expect(verification).toMatchObject({ ok: true });
  return missing;
}

/** A few token requests, one at a time; the ids answered with a token. */
async function someTokens(label: string, n = 10): Promise<string[]> {
  const answered: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${label}-${i}-${Date.now()}`;
    if ((await requestToken(api!.baseUrl, tenant.credentials, id)) === 200) answered.push(id);
  }
  return answered;
}

describe('API node and worker on PostgreSQL', () => {
  it('SIGTERM under load: both exit 0, and every request answered is in the trail after a restart', async () => {
    const load = tokenLoad(api!.baseUrl, tenant.credentials);
    await load.reached(40);
    await stopNodesCleanly();
    const answered = await load.stop();
    expect(await missingAfterRestart(answered)).toEqual([]);
  }, 300_000);

  it('SIGTERM with Redis stopped: both exit 0, and what the API answered meanwhile is in the trail after a restart', async () => {
    await redis.stop();
    const answered = await someTokens('redis-down');
    expect(answered).toHaveLength(10);
    await stopNodesCleanly();
    await redis.start();
    expect(await missingAfterRestart(answered)).toEqual([]);
  }, 300_000);

  it('SIGTERM with PostgreSQL stopped under load: both exit 0, and every request answered is in the trail after a restart', async () => {
    // The last events are on their way to the database (queued, or being appended) when it stops.
    const load = tokenLoad(api!.baseUrl, tenant.credentials);
    await load.reached(20);
    await pg.halt();
    await stopNodesCleanly();
    const answered = await load.stop();
    await pg.resume();
    expect(await missingAfterRestart(answered)).toEqual([]);
  }, 300_000);

  it('SIGTERM with Redis and PostgreSQL both stopped: both exit 0, the events wait in the spool, and the restarted nodes replay them', async () => {
    await redis.stop();
    const answered = await someTokens('both-down');
    expect(answered).toHaveLength(10);
    // Their events wait for a queue that does not answer, and then find no database either.
    await pg.halt();
    await stopNodesCleanly();
    expect(readdirSync(deployment.spoolDir).length).toBeGreaterThan(0);
    await Promise.all([redis.start(), pg.resume()]);
    expect(await missingAfterRestart(answered)).toEqual([]);
    await waitUntil('the spool emptied', async () => readdirSync(deployment.spoolDir).length === 0);
  }, 300_000);
});

describe('streams at shutdown', () => {
  /** The API node again, on its port (its URLs are the tokens' audience), with another deadline. */
  async function restartApi(timeoutSec: number) {
    await api!.stop('SIGTERM');
    api = await startApiNode(
      { ...deployment, extra: { SHUTDOWN_TIMEOUT_SEC: String(timeoutSec) } },
      { port },
    );
    return mcpSession(tenant.server.gatewayUrl, await accessToken(api.baseUrl, tenant.credentials));
  }

  it('a tool call still streaming is cut at the deadline: the agent gets an error, the call is recorded as cut, and the node exits 1', async () => {
    const session = await restartApi(3);
    const call = await slowToolCall(tenant.server.gatewayUrl, session);
    const exit = await api!.stop('SIGTERM');
    await call.ended;
    expect(exit, api!.output().slice(-3000)).toEqual({ code: 1, signal: null });
    expect(api!.output()).toContain('1 request(s) still in flight were cut');
    // The gateway ended the stream itself: an error for the call, in the agent's framing.
    const last = call
      .received()
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .at(-1)!;
    expect(JSON.parse(last.slice(6))).toMatchObject({
      id: 2,
      error: { message: expect.stringMatching(/shutting down/) },
    });
    // And the call's event says so (read once the node is back).
    api = await startApiNode(deployment, { port });
    const owner = sameSession(tenant.owner, api.baseUrl);
    const cut = await waitUntil(
      'the cut call in the trail',
      async () => {
        const res = await owner.get('/api/v1/audit/events?action=gateway.call&outcome=error&limit=50');
        return (res.body.items as { reason?: string; details: { tool?: string } }[]).find(
          (e) => e.details.tool === 'slow_count' && /shutting down/.test(e.reason ?? ''),
        );
      },
      90_000,
    );
    expect(cut).toBeDefined();
  }, 240_000);

  it('a server stream alone does not hold the node: it ends, the node exits 0, and /readyz never answers 200 once draining', async () => {
    const session = await restartApi(30);
    const stream = await serverStream(tenant.server.gatewayUrl, session);
    api!.child.kill('SIGTERM');
    await waitUntil('the node draining', async () =>
      api!.output().includes('stopping: no new requests or jobs'),
    );
    const ready = await fetch(`${api!.baseUrl}/readyz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(ready).not.toBe(200);
    expect(await api!.exited, api!.output().slice(-3000)).toEqual(CLEAN);
    await stream.ended;
  }, 180_000);
});

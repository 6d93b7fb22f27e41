// The embedded default stopped by its orchestrator: an API node on PGlite, running the worker in
// its own process, as a real child process with its own Redis, gets SIGTERM under load and with
// its Redis stopped. Each time it exits 0 with PGlite closed cleanly (pg_control says "shut
// down", not "in production" as after a kill), and after a restart every request it answered
// has its audit event in the trail and the chain verifies.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, startRedis, type RedisServer } from '@portcullis/testkit';
import {
  PG_SHUT_DOWN,
  missingFromTrail,
  pgliteClusterState,
  requestToken,
  sameSession,
  startApiNode,
  tenantWithAgent,
  tokenLoad,
  type ApiNode,
  type Deployment,
  type TenantWithAgent,
} from './nodes';

const dir = mkdtempSync(path.join(os.tmpdir(), 'shutdown-embedded-'));
let redis: RedisServer;
let deployment: Deployment;
let port: number;
let node: ApiNode | undefined;
let tenant: TenantWithAgent;

beforeAll(async () => {
  redis = await startRedis();
  port = await freePort();
  deployment = {
    redisUrl: redis.url,
    pgliteDir: path.join(dir, 'pglite'),
    spoolDir: path.join(dir, 'spool'),
  };
  node = await startApiNode(deployment, { port });
  tenant = await tenantWithAgent(node.baseUrl);
}, 300_000);

afterAll(async () => {
  await node?.kill();
  await tenant?.server.upstream.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Restarts the node on the same data: the answered requests whose event is not in the trail (the chain must verify). */
async function missingAfterRestart(answered: string[]): Promise<string[]> {
  node = await startApiNode(deployment, { port });
  const { missing, verification } = await missingFromTrail(sameSession(tenant.owner, node.baseUrl), answered);
  expect(verification).toMatchObject({ ok: true });
  return missing;
}

it('SIGTERM under load: exits 0 with PGlite closed, and every request it answered is in the trail after a restart', async () => {
  const load = tokenLoad(node!.baseUrl, tenant.credentials);
  await load.reached(40);
  const exit = await node!.stop('SIGTERM');
  const answered = await load.stop();
  expect(exit, node!.output().slice(-3000)).toEqual({ code: 0, signal: null });
  expect(pgliteClusterState(deployment.pgliteDir!)).toBe(PG_SHUT_DOWN);
  expect(await missingAfterRestart(answered)).toEqual([]);
}, 300_000);

it('SIGTERM with its Redis stopped: exits 0 with PGlite closed, and what it answered meanwhile is in the trail after a restart', async () => {
  await redis.stop();
  const answered: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = `redis-down-${i}-${Date.now()}`;
    if ((await requestToken(node!.baseUrl, tenant.credentials, id)) === 200) answered.push(id);
  }
  // Tokens are issued without Redis, and their events must not wait for it.
  expect(answered).toHaveLength(10);
  const exit = await node!.stop('SIGTERM');
  expect(exit, node!.output().slice(-3000)).toEqual({ code: 0, signal: null });
  expect(pgliteClusterState(deployment.pgliteDir!)).toBe(PG_SHUT_DOWN);
  await redis.start();
  expect(await missingAfterRestart(answered)).toEqual([]);
}, 300_000);

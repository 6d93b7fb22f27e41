// The first README command's process (scripts/start.mjs) stopped with Ctrl-C, as a terminal
// sends it (SIGINT to the whole process group), while its Redis is down and a tool call is still
// streaming through the gateway. It stops its children in order and waits for the API, which
// cuts the stream at its in-flight deadline (later than the script's 10 s limit for the other
// children) and closes PGlite: the database it leaves was shut down cleanly (not crash-
// recovered), opens again, and its audit chain verifies. Its own data directory and ports: the
// developer's .data is never touched.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort, startRedis, type RedisServer } from '@portcullis/testkit';
import { Client } from '../harness';
import { waitUntil } from '../fixtures';
import {
  PG_SHUT_DOWN,
  accessToken,
  mcpSession,
  pgliteClusterState,
  slowToolCall,
  startApiNode,
  type AgentCredentials,
  type ApiNode,
} from './nodes';

const root = path.resolve(__dirname, '../../../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'start-script-'));
let redis: RedisServer | undefined;
let api: ApiNode | undefined;
let start: ReturnType<typeof spawn> | undefined;

afterAll(async () => {
  if (start && start.exitCode === null) process.kill(-start.pid!, 'SIGKILL');
  await api?.kill();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The demo owner's password is generated per checkout (dev-secrets.json in the data directory). */
const demoOwner = () => ({
  email: 'admin@demo.local',
  password: (
    JSON.parse(readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8')) as {
      DEMO_ADMIN_PASSWORD: string;
    }
  ).DEMO_ADMIN_PASSWORD,
});
// The same secrets for the script and for the node that reopens its database.
const SECRETS = {
  SECRET_PEPPER: 'test-pepper-0123456789abcdef0123456789',
  MASTER_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
};

it('Ctrl-C with Redis stopped and a stream in flight leaves a database that was closed cleanly, opens, and verifies', async () => {
  redis = await startRedis();
  const [port, consolePort, examplePort] = await Promise.all([freePort(), freePort(), freePort()]);
  start = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      ...SECRETS,
      PORTCULLIS_DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      PORT: String(port),
      CONSOLE_PORT: String(consolePort),
      EXAMPLE_MCP_PORT: String(examplePort),
      // The API cuts what is still in flight after 16 s: past the 10 s the script gives the others.
      SHUTDOWN_TIMEOUT_SEC: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, like a shell's foreground job, to send Ctrl-C to.
    detached: true,
  });
  let output = '';
  for (const s of [start.stdout!, start.stderr!]) s.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => start!.once('exit', (code) => resolve(code)));
  await waitUntil(
    'the platform running',
    async () => output.includes('Portcullis is running.') || start!.exitCode !== null,
    300_000,
  );
  expect(output).toContain('Portcullis is running.');

  const baseUrl = `http://127.0.0.1:${port}`;
  const admin = new Client(baseUrl);
  expect((await admin.post('/api/v1/auth/signin', demoOwner())).status).toBe(200);
  const demo = JSON.parse(readFileSync(path.join(dataDir, 'demo-agent.json'), 'utf8')) as {
    clientId: string;
    clientSecret: string;
    gatewayUrl: string;
  };
  const agent: AgentCredentials = {
    tenantSlug: 'demo',
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    resource: demo.gatewayUrl,
  };
  const gatewayUrl = `${baseUrl}${new URL(demo.gatewayUrl).pathname}`;
  // The demo server's tools are approved by its first sync, which runs in the background.
  const call = await waitUntil('a streaming tool call', async () =>
    slowToolCall(gatewayUrl, await mcpSession(gatewayUrl, await accessToken(baseUrl, agent))).catch(
      () => undefined,
    ),
  );
  await redis.stop();
  process.kill(-start.pid!, 'SIGINT');
  await call.ended;
  // 1: the API reports the call it had to cut; what matters is that it was let close PGlite.
  expect(await exited, output.slice(-3000)).toBe(1);
  expect(output).toContain('request(s) still in flight were cut');
  expect(pgliteClusterState(path.join(dataDir, 'pglite'))).toBe(PG_SHUT_DOWN);

  await redis.start();
  api = await startApiNode({
    redisUrl: redis.url,
    pgliteDir: path.join(dataDir, 'pglite'),
    spoolDir: path.join(dataDir, 'audit-spool'),
    extra: SECRETS,
  });
  const again = new Client(api.baseUrl);
  expect((await again.post('/api/v1/auth/signin', demoOwner())).status).toBe(200);
  expect((await again.post('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
}, 600_000);

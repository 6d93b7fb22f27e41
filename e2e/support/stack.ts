// The whole platform on free loopback ports for one test run: a throw-away PostgreSQL and
// Redis, the built API, and the built console in front of it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  startPostgres,
  startRedis,
  type PostgresServer,
  type RedisServer,
} from '@portcullis/testkit';
import { migrateDeploy } from '@portcullis/db';
import { startService, waitForHttp, type Service } from './processes';

const ROOT = path.resolve(__dirname, '../..');
const API_MAIN = path.join(ROOT, 'apps/api/dist/main.js');
// The specs start the example MCP server in-process as an upstream to register.
const EXAMPLE_SERVER = path.join(ROOT, 'examples/mcp-server/dist/index.js');
const CONSOLE_DIR = path.join(ROOT, 'apps/console');

export interface Stack {
  apiUrl: string;
  consoleUrl: string;
  /** The database, as the cluster's superuser: tests that tamper with the audit trail use it. */
  databaseUrl: string;
  logDir: string;
  stop(): Promise<void>;
}

function assertBuilt(): void {
  const missing = [API_MAIN, EXAMPLE_SERVER, path.join(CONSOLE_DIR, '.next/BUILD_ID')].filter(
    (f) => !existsSync(f),
  );
  if (missing.length) {
    throw new Error(
      `Build first (pnpm build): missing ${missing.map((f) => path.relative(ROOT, f)).join(', ')}`,
    );
  }
}

/** `extraApiEnv`: more API configuration for a run (e-mail, sign-up mode). */
export async function startStack(extraApiEnv: Record<string, string> = {}): Promise<Stack> {
  assertBuilt();
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-e2e-'));
  let pg: PostgresServer | undefined;
  let redis: RedisServer | undefined;
  const services: Service[] = [];

  const stop = async () => {
    for (const s of services.reverse()) await s.stop();
    await redis?.stop();
    pg?.stop();
    if (!process.env.E2E_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
  };

  try {
    pg = await startPostgres();
    const databaseUrl = pg.createDatabase('portcullis_e2e');
    migrateDeploy(databaseUrl);
    redis = await startRedis();

    const [apiPort, consolePort] = [await freePort(), await freePort()];
    // The console forwards each browser's address to the API with this shared secret.
    const proxySecret = randomBytes(32).toString('base64url');
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // `localhost`, not an address: WebAuthn needs a domain as the relying party (passkey specs).
    // The console still listens on 127.0.0.1 only.
    const consoleUrl = `http://localhost:${consolePort}`;

    const api = startService('API', process.execPath, [API_MAIN], {
      cwd: ROOT,
      logFile: path.join(logDir, 'api.log'),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        SECRET_PEPPER: randomBytes(32).toString('hex'),
        MASTER_KEY: randomBytes(32).toString('base64'),
        // The example MCP server the tests register listens on loopback.
        ALLOW_LOOPBACK_UPSTREAMS: 'true',
        RUN_WORKER: 'true',
        // Audit sink deliveries: two quick attempts, so a dead letter is reached in a test.
        AUDIT_SINK_ATTEMPTS: '2',
        AUDIT_SINK_BACKOFF_MS: '200',
        HOST: '127.0.0.1',
        PORT: String(apiPort),
        PUBLIC_URL: apiUrl,
        CONSOLE_URL: consoleUrl,
        CONSOLE_PROXY_SECRET: proxySecret,
        // The specs sign up many owners from one address.
        SIGNUP_LIMIT_PER_HOUR: '100000',
        LOG_LEVEL: 'warn',
        ...extraApiEnv,
      },
    });
    services.push(api);

    const web = startService('console', process.execPath, [path.join(CONSOLE_DIR, 'server.mjs')], {
      cwd: CONSOLE_DIR,
      logFile: path.join(logDir, 'console.log'),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        API_URL: apiUrl,
        PORT: String(consolePort),
        HOST: '127.0.0.1',
        CONSOLE_PROXY_SECRET: proxySecret,
      },
    });
    services.push(web);

    await waitForHttp(api, `${apiUrl}/readyz`, 60_000);
    await waitForHttp(web, `${consoleUrl}/signin`, 60_000);
    // Through the console's proxy too: the tests depend on it.
    await waitForHttp(web, `${consoleUrl}/healthz`, 10_000);
    return { apiUrl, consoleUrl, databaseUrl, logDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// Starts a real PostgreSQL and a real Redis for the whole API suite, migrates a template
// database once (as the owner), and tears both down at the end. Each test file clones the
// template; the API connects to it as APP_LOGIN, the restricted application role, so every
// test also proves the application works with those grants.
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { grantAppRole, migrateDeploy } from '@portcullis/db';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '@portcullis/testkit';

let server: PostgresServer | undefined;
let redis: RedisServer | undefined;

export const TEMPLATE_DB = 'portcullis_template';
/** The API's login role in tests: a member of portcullis_app, owner of nothing. */
export const APP_LOGIN = 'portcullis_test_api';

export default async function setup(project: TestProject) {
  server = await startPostgres();
  redis = await startRedis();
  const template = server.createDatabase(TEMPLATE_DB);
  migrateDeploy(template);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE ROLE ${APP_LOGIN} LOGIN`).finally(() => admin.end());
  await grantAppRole(template, APP_LOGIN);
  project.provide('pgUrl', server.url);
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis?.stop();
    server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    redisUrl: string;
  }
}

// Starts a real PostgreSQL and a real Redis for the whole API suite, migrates a template
// database once, and tears both down at the end. Each test file clones the template.
import type { TestProject } from 'vitest/node';
import { migrateDeploy } from '@portcullis/db';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '@portcullis/testkit';

let pg: PostgresServer | undefined;
let redis: RedisServer | undefined;

export const TEMPLATE_DB = 'portcullis_template';

export default async function setup(project: TestProject) {
  pg = await startPostgres();
  redis = await startRedis();
  migrateDeploy(pg.createDatabase(TEMPLATE_DB));
  project.provide('pgUrl', pg.url);
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis?.stop();
    pg?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    redisUrl: string;
  }
}

// Entry point: validate configuration, prepare the embedded database if that is the mode,
// and serve the REST API (and, by default, the background worker in the same process).
import { migrateDeploy } from '@portcullis/db';
import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app.factory';
import { seedDemoPlatform } from './demo/demo-seed';
import { listenForStopSignals } from './lifecycle/signals';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const signals = listenForStopSignals(config.SHUTDOWN_TIMEOUT_SEC * 1000, 'Portcullis API');
  // Embedded mode owns its database: bring the schema up to date before opening it. With
  // PostgreSQL, migrations are a deploy step (`pnpm db:migrate`), run once, not by every node.
  if (!config.DATABASE_URL || process.env.MIGRATE_ON_START === 'true') migrateDeploy(config.DATABASE_URL);
  const { app, db, stopper } = await createApp(config);
  signals.attach(stopper);
  await app.listen({ port: config.PORT, host: config.HOST });
  if (config.SEED_DEMO) await seedDemoPlatform(app, db);
}

main().catch((e) => {
  console.error(`Portcullis API failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

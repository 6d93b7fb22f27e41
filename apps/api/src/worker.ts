// Standalone worker for PostgreSQL deployments: the same modules with the HTTP side unused.
// In the embedded mode the API process runs the worker itself (RUN_WORKER=true), because
// PGlite allows one process.
import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app.factory';
import { listenForStopSignals } from './lifecycle/signals';

async function main() {
  const config = (() => {
    try {
      return loadConfig({ ...process.env, RUN_WORKER: 'true' });
    } catch (e) {
      if (e instanceof ConfigError) {
        console.error(e.message);
        process.exit(1);
      }
      throw e;
    }
  })();
  if (!config.DATABASE_URL) {
    console.error(
      'Configuration error: DATABASE_URL is required for a standalone worker (the embedded database runs the worker in the API process)',
    );
    process.exit(1);
  }
  const signals = listenForStopSignals(config.SHUTDOWN_TIMEOUT_SEC * 1000, 'Portcullis worker');
  const { stopper } = await createApp(config);
  signals.attach(stopper);
}

main().catch((e) => {
  console.error(`Portcullis worker failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

// The embedded database: PGlite in a worker thread, reached through node-postgres as if it were a
// PostgreSQL server, so the application uses the same driver adapter (@prisma/adapter-pg) and the
// same code path in both modes, and its event loop only ever waits on messages from the database,
// never on the database's work.
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { PoolConfig } from 'pg';
import { PortSocket } from './port-socket';
import type { FromWorker, ToWorker, WorkerInput } from './pglite-worker';

export interface EmbeddedDatabase {
  readonly dataDir: string;
  /** node-postgres pool settings whose connections reach the embedded database. */
  poolConfig(max?: number): PoolConfig;
  /** Ends the clients still connected, waits for PGlite to flush and close, then the thread ends. Idempotent. */
  close(): Promise<void>;
}

/** Compiled next to this file in dist/; resolved from src/ too (the package's own tests). */
const WORKER_SCRIPT = path.resolve(__dirname, '../../dist/embedded/pglite-worker.js');

/**
 * The databases open in this process, by directory, shared by whoever opens the same one (the
 * Prisma CLI builds its adapter more than once): two PGlite instances on one directory would
 * corrupt it. The last holder's close() closes it.
 */
const open = new Map<string, { database: Promise<EmbeddedDatabase>; holders: number }>();

export async function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir);
  let entry = open.get(dir);
  if (!entry) {
    entry = { database: start(dir), holders: 0 };
    open.set(dir, entry);
    entry.database.catch(() => open.delete(dir));
  }
  entry.holders++;
  const database = await entry.database;
  let released = false;
  const held = entry;
  return {
    ...database,
    close: async () => {
      if (!released) {
        released = true;
        held.holders--;
      }
      if (held.holders === 0) await database.close();
    },
  };
}

async function start(dir: string): Promise<EmbeddedDatabase> {
  const worker = new Worker(WORKER_SCRIPT, { workerData: { dataDir: dir } satisfies WorkerInput });
  const send = (m: ToWorker, transfer: MessagePort[] = []) => worker.postMessage(m, transfer);
  let exited = false;
  let closing: Promise<void> | undefined;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = true;
      open.delete(dir);
      // Its connections end with it: queries fail (and /readyz says so) rather than hang.
      if (!closing && code !== 0)
        console.error(`the embedded database thread stopped unexpectedly (exit code ${code})`);
      resolve();
    }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      void exit.then(() => reject(new Error('the embedded database thread exited while starting')));
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') resolve();
        if (m.type === 'failed')
          reject(new Error(`the embedded database in ${dir} could not open: ${m.message}`));
      });
    });
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  // The thread does not keep the process alive; connections in use do (see PortSocket.ref), and
  // close() holds it until PGlite has closed.
  worker.unref();
  worker.on('error', () => undefined); // its exit is what matters, handled above

  const close = () => {
    closing ??= (async () => {
      if (exited) return;
      worker.ref();
      send({ type: 'close' });
      await exit; // never terminated mid-close: PGlite's close is its checkpoint
    })();
    return closing;
  };

  return {
    dataDir: dir,
    poolConfig: (max = 10) => ({
      max,
      // Idle connections do not keep a finished script alive (the beforeExit hook closes PGlite).
      allowExitOnIdle: true,
      user: 'postgres',
      database: 'postgres',
      // PGlite asks for a password at start-up and takes any: no one else can reach its thread.
      password: 'postgres',
      stream: () =>
        new PortSocket(() => {
          if (closing || exited) throw new Error('the embedded database is closed');
          const { port1, port2 } = new MessageChannel();
          send({ type: 'connect', port: port2 }, [port2]);
          return port1;
        }),
    }),
    close,
  };
}

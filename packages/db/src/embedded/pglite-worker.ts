// The embedded database's thread: PGlite (PostgreSQL compiled to WASM) runs here, off the
// application's event loop, and speaks the PostgreSQL wire protocol to the application's pg pool
// over message ports (one per pool connection; no socket, so nothing else can connect to it).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { durableExchange } from './durable-fs';
import { SharedSession } from './shared-session';

export interface WorkerInput {
  dataDir: string;
}
export type ToWorker = { type: 'connect'; port: MessagePort } | { type: 'close' };
export type FromWorker = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'closed' };

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

async function main(): Promise<void> {
  const { dataDir } = workerData as WorkerInput;
  // Loaded here only: deployments on PostgreSQL never load the WASM build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  // Contrib extensions the migrations create must be loaded here (pg_trgm: audit text search).
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  // Commits reach the disk before they are answered (durable-fs.ts: PGlite's own syncs do nothing).
  const session = new SharedSession(durableExchange(pglite));
  const open = new Set<MessagePort>();
  let closing = false;

  port.on('message', (m: ToWorker) => {
    if (m.type === 'connect') {
      if (closing) return m.port.close();
      open.add(m.port);
      const conn = session.connect(
        (answer) => {
          // A copy of exactly the answer, moved to the application's thread (PGlite's own
          // buffer may be a view on a larger one, which a clone would copy whole).
          const bytes = answer.slice();
          m.port.postMessage(bytes, [bytes.buffer]);
        },
        () => {
          open.delete(m.port);
          m.port.close();
        },
      );
      m.port.on('message', (chunk: Uint8Array) => conn.receive(chunk));
      m.port.on('close', () => conn.end());
      return;
    }
    if (m.type === 'close' && !closing) {
      closing = true;
      void (async () => {
        // Clients still connected are sent away (their open transactions roll back), what is
        // running finishes, then PGlite closes: a checkpoint, so the next open has no recovery.
        for (const p of [...open]) p.close();
        await session.idle();
        await pglite.close();
        post({ type: 'closed' });
        port.close();
      })();
    }
  });
  post({ type: 'ready' });
}

main().catch((e: unknown) => {
  post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  port.close();
});

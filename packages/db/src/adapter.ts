// The driver adapter behind Prisma: PGlite (embedded, on disk under .data/) when no
// DATABASE_URL is set, PostgreSQL through node-postgres otherwise.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PrismaClient } from './generated/prisma/client';

type AdapterFactory = NonNullable<NonNullable<ConstructorParameters<typeof PrismaClient>[0]>['adapter']>;

/** packages/db/{src,dist} -> the repository root's .data/pglite. */
export function defaultPgliteDir(): string {
  return process.env.PGLITE_DIR ?? path.resolve(__dirname, '../../../.data/pglite');
}

export async function createAdapterFactory(databaseUrl?: string, opts: { closeBeforeExit?: boolean } = {}): Promise<AdapterFactory> {
  if (databaseUrl) {
    return releasingFailedTransactions(new PrismaPg({
      connectionString: databaseUrl,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // A server that silently drops packets must fail a connection attempt (and so a queued
      // audit append, which is then retried) rather than hang it; keep-alive finds dead peers.
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    }));
  }
  const dir = defaultPgliteDir();
  mkdirSync(dir, { recursive: true });
  // Loaded lazily: production deployments on PostgreSQL never touch the WASM build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  // Contrib extensions the migrations create must be loaded here (pg_trgm: audit text search).
  const pglite = new PGlite(dir, { extensions: { pg_trgm } });
  const inner = new PrismaPGlite(pglite);
  if (opts.closeBeforeExit) {
    // The Prisma CLI never disposes its adapter: close PGlite when its work is done.
    process.once('beforeExit', () => void pglite.close());
  }
  // The adapter's dispose() leaves PGlite open; a process that then exits leaves the data
  // directory unclean and the next open aborts. Close PGlite when Prisma disposes the adapter
  // ($disconnect, or the CLI finishing `migrate deploy`).
  const factory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      adapter.dispose = async () => {
        if (!pglite.closed) await pglite.close();
      };
      return adapter;
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
  // Typed against an older @prisma/driver-adapter-utils; the runtime contract is the same
  // (the PGlite smoke test exercises it).
  return factory as unknown as AdapterFactory;
}

/**
 * Prisma's transaction manager (engineType "client", 6.19) ends an interactive transaction by
 * sending COMMIT or ROLLBACK and only then calling the adapter's commit()/rollback(), which is
 * what hands the connection back to the pg pool. When that statement throws (the server was
 * restarted, or the connection dropped, in the middle of a transaction) they are never called:
 * the connection stays checked out for good, the pool loses a slot at each such failure until no
 * transaction can start, and pool.end() ($disconnect, so the app's shutdown) waits forever.
 * So when COMMIT or ROLLBACK fails, the connection is handed back here, once (pg-pool discards a
 * broken one; a live one is idle again: PostgreSQL ends a transaction whose COMMIT failed, and a
 * ROLLBACK fails only with its connection). apps/api/test/audit-pg-restart.test.ts covers it.
 */
function releasingFailedTransactions(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await startTransaction(isolationLevel);
      const executeRaw = tx.executeRaw.bind(tx);
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      let released = false;
      // Both release the connection (and nothing else); pg-pool throws on a second release.
      const once = (release: () => Promise<void>) => async () => {
        if (released) return;
        released = true;
        await release();
      };
      tx.commit = once(commit);
      tx.rollback = once(rollback);
      tx.executeRaw = async (query) => {
        try {
          return await executeRaw(query);
        } catch (e) {
          if (query.sql === 'COMMIT' || query.sql === 'ROLLBACK') await tx.rollback();
          throw e;
        }
      };
      return tx;
    };
    return adapter;
  };
  return factory;
}

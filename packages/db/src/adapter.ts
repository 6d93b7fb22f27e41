// The driver adapter behind Prisma: node-postgres (@prisma/adapter-pg) in both modes, to a
// PostgreSQL server (DATABASE_URL) or, when none is set, to the embedded PGlite (on disk under
// .data/), which runs in its own thread and speaks the same wire protocol (./embedded).
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolConfig } from 'pg';
import { openEmbeddedDatabase } from './embedded/runtime';

/** packages/db/{src,dist} -> the repository root's .data/pglite. */
export function defaultPgliteDir(): string {
  return process.env.PGLITE_DIR ?? path.resolve(__dirname, '../../../.data/pglite');
}

/** Prisma's driver adapter, the bulk readers' own pool (./bulk-read) and the appenders' (./tenant-transaction). */
export interface Connections {
  adapter: PrismaPg;
  bulkPool: LazyPool;
  writePool: LazyPool;
}

/** A node-postgres pool beside Prisma's: opened on first use (many processes never read in bulk, or append); ended with the adapter. */
export class LazyPool {
  private pool: Pool | undefined;
  constructor(private readonly config: PoolConfig) {}

  get(): Pool {
    this.pool ??= new Pool(this.config).on('error', () => undefined); // an idle client's loss: the next query reconnects
    return this.pool;
  }

  async end(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}

/** Two connections: a long read proceeds beside the requests' pool, and never takes it over. */
const BULK_CONNECTIONS = 2;
/**
 * The audit appends' own pool, apart from the bulk readers' so a long verification never makes
 * an append wait: a process appends at most three batches at once (two queue jobs and its own
 * flush); the fourth connection covers a replaced broken one.
 */
const WRITE_CONNECTIONS = 4;
/**
 * An append's statement that has not answered by then fails (and its connection is dropped), as
 * Prisma's 30 s transaction timeout failed it: a lost server never holds an append for good.
 */
const WRITE_QUERY_TIMEOUT_MS = 30_000;

export async function createAdapterFactory(
  databaseUrl?: string,
  opts: { closeBeforeExit?: boolean } = {},
): Promise<PrismaPg> {
  return (await openConnections(databaseUrl, opts)).adapter;
}

export async function openConnections(
  databaseUrl?: string,
  opts: { closeBeforeExit?: boolean } = {},
): Promise<Connections> {
  if (databaseUrl) {
    // A server that silently drops packets must fail a connection attempt (and so a queued
    // audit append, which is then retried) rather than hang it; keep-alive finds dead peers.
    const settings = { connectionString: databaseUrl, connectionTimeoutMillis: 10_000, keepAlive: true };
    const bulkPool = new LazyPool({ ...settings, max: BULK_CONNECTIONS, allowExitOnIdle: true });
    const writePool = new LazyPool({
      ...settings,
      max: WRITE_CONNECTIONS,
      query_timeout: WRITE_QUERY_TIMEOUT_MS,
      allowExitOnIdle: true,
    });
    const adapter = releasingFailedTransactions(
      new PrismaPg({ ...settings, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }),
    );
    const end = () => Promise.all([bulkPool.end(), writePool.end()]).then(() => undefined);
    return { adapter: disposing(adapter, end), bulkPool, writePool };
  }
  const dir = defaultPgliteDir();
  mkdirSync(dir, { recursive: true });
  const embedded = await openEmbeddedDatabase(dir);
  if (opts.closeBeforeExit) {
    // The Prisma CLI never disposes its adapter: close PGlite when its work is done.
    process.once('beforeExit', () => void embedded.close());
  }
  const bulkPool = new LazyPool(embedded.poolConfig(BULK_CONNECTIONS));
  const writePool = new LazyPool({
    ...embedded.poolConfig(WRITE_CONNECTIONS),
    query_timeout: WRITE_QUERY_TIMEOUT_MS,
  });
  // Disposing the adapter ($disconnect, or the CLI finishing `migrate deploy`) ends the pools,
  // then closes PGlite (flushed and closed in its thread, which then ends).
  const adapter = disposing(releasingFailedTransactions(new PrismaPg(embedded.poolConfig())), async () => {
    await Promise.all([bulkPool.end(), writePool.end()]);
    await embedded.close();
  });
  return { adapter, bulkPool, writePool };
}

/** `after` runs once the adapter's own pool has ended, each time an adapter it made is disposed. */
function disposing(factory: PrismaPg, after: () => Promise<void>): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await after();
    };
    return adapter;
  };
  return factory;
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

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
  if (databaseUrl) return new PrismaPg({ connectionString: databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
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

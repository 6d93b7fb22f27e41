import { PrismaClient } from './generated/prisma/client';
import { openConnections } from './adapter';
import { withAfterCommit } from './after-commit';
import { attachPools } from './bulk-read';

export type Db = PrismaClient;

/** A Prisma client on PostgreSQL (DATABASE_URL) or, by default, the embedded PGlite. */
export async function createDb(databaseUrl?: string): Promise<Db> {
  const { adapter, bulkPool, writePool } = await openConnections(databaseUrl);
  const db = withAfterCommit(new PrismaClient({ adapter }));
  attachPools(db, { bulk: bulkPool, write: writePool });
  return db;
}

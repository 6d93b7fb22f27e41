import { PrismaClient } from './generated/prisma/client';
import { openConnections } from './adapter';
import { withAfterCommit } from './after-commit';
import { attachBulkPool } from './bulk-read';

export type Db = PrismaClient;

/** A Prisma client on PostgreSQL (DATABASE_URL) or, by default, the embedded PGlite. */
export async function createDb(databaseUrl?: string): Promise<Db> {
  const { adapter, bulkPool } = await openConnections(databaseUrl);
  const db = withAfterCommit(new PrismaClient({ adapter }));
  attachBulkPool(db, bulkPool);
  return db;
}

import { PrismaClient } from './generated/prisma/client';
import { createAdapterFactory } from './adapter';
import { withAfterCommit } from './after-commit';

export type Db = PrismaClient;

/** A Prisma client on PostgreSQL (DATABASE_URL) or, by default, the embedded PGlite. */
export async function createDb(databaseUrl?: string): Promise<Db> {
  const adapter = await createAdapterFactory(databaseUrl);
  return withAfterCommit(new PrismaClient({ adapter }));
}

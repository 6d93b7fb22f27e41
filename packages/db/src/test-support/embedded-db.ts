// Tests only (not built): a migrated embedded database in a throw-away directory, for one test file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDb, type Db } from '../client';
import { migrateDeploy } from '../migrate';

/** Opens it before the file's tests and removes it after; the client, once open. */
export function useEmbeddedDb(name: string): () => Db {
  const dir = mkdtempSync(path.join(os.tmpdir(), `portcullis-${name}-`));
  let db: Db | undefined;
  beforeAll(async () => {
    process.env.PGLITE_DIR = dir;
    migrateDeploy(undefined);
    db = await createDb(undefined);
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!db) throw new Error('the embedded database is not open yet');
    return db;
  };
}

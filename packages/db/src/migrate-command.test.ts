// The documented deploy step, `pnpm db:migrate` from the repository root, runs on the JS schema
// engine (packages/db/prisma.config.ts), as the application does: it must never reach for a
// native engine download. Any such attempt is sent to a closed port here, so it fails loudly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '@portcullis/testkit';
import { createDb } from './client';

const root = path.resolve(__dirname, '../../..');
const migrations = readdirSync(path.join(root, 'prisma/migrations')).filter((d) => /^\d+_/.test(d));

function pnpmAtRoot(script: string, env: Record<string, string>) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.PGLITE_DIR;
  return spawnSync('pnpm', [script], {
    cwd: root,
    env: { ...base, ...env, PRISMA_ENGINES_MIRROR: 'http://127.0.0.1:9', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
    timeout: 180_000,
  });
}

async function appliedMigrations(databaseUrl?: string): Promise<string[]> {
  const db = await createDb(databaseUrl);
  try {
    const rows = await db.$queryRaw<
      { migration_name: string }[]
    >`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    return rows.map((r) => r.migration_name);
  } finally {
    await db.$disconnect();
  }
}

// Each run starts pnpm, the Prisma CLI and its WASM engine: slow on a shared 2-core machine.
describe('pnpm db:migrate from the repository root', { timeout: 300_000 }, () => {
  let pg: PostgresServer;
  const pgliteDir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-migrate-cmd-'));

  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => {
    pg?.stop();
    rmSync(pgliteDir, { recursive: true, force: true });
  });

  it('applies every migration to PostgreSQL without a native engine, and reports it up to date', async () => {
    const url = pg.createDatabase('migrate_cmd');
    const run = pnpmAtRoot('db:migrate', { DATABASE_URL: url });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(await appliedMigrations(url)).toEqual(migrations);
    const status = pnpmAtRoot('db:migrate:status', { DATABASE_URL: url });
    expect(status.status, status.stderr + status.stdout).toBe(0);
    expect(status.stdout).toContain('Database schema is up to date');
  });

  it('applies them to the embedded database too', async () => {
    const run = pnpmAtRoot('db:migrate', { PGLITE_DIR: pgliteDir });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    process.env.PGLITE_DIR = pgliteDir;
    expect(await appliedMigrations(undefined)).toEqual(migrations);
  });

  it('names the problem when the database is unreachable, and exits non-zero', () => {
    const run = pnpmAtRoot('db:migrate', {
      DATABASE_URL: `postgresql://portcullis@127.0.0.1:${pg.port + 1}/nowhere`,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr + run.stdout).not.toContain('schema-engine');
  });
});

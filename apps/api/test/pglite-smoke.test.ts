// The embedded default: the same migrations on PGlite, then a sign-up through the real API, and
// the planner statistics the node keeps fresh itself.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { migrateDeploy, poolsOf } from '@portcullis/db';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { EmbeddedAutovacuum } from '../src/infra/embedded-autovacuum';
import { Client, GOOD_PASSWORD, uniqueEmail } from './harness';

const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-pglite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded PGlite mode', () => {
  it('migrates and signs up', async () => {
    process.env.PGLITE_DIR = dir;
    migrateDeploy(undefined);
    const config = loadConfig({
      // Not development: no e-mail, so sign-up is immediate (and writes no .data/mail).
      NODE_ENV: 'test',
      REDIS_URL: inject('redisUrl'),
      SECRET_PEPPER: 'test-pepper-0123456789abcdef0123456789',
      MASTER_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
      LOG_LEVEL: 'error',
      RUN_WORKER: 'false',
      REDIS_PREFIX: 'pglite',
    });
    const { app, db, stopper } = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.getHttpServer().address() as { port: number };
      const client = new Client(`http://127.0.0.1:${port}`);
      const res = await client.post('/api/v1/auth/signup', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
        name: 'Pat',
        tenantName: 'Embedded',
        tenantSlug: 'embedded',
      });
      expect(res.status).toBe(201);
      expect((await client.get('/api/v1/members')).body.items).toHaveLength(1);
      expect(await db.tenant.count()).toBe(1);
      // No autovacuum here: the node itself analyzes the tables the sign-up filled, once (a fresh
      // database has nothing near wrapping around to freeze).
      const autovacuum = app.get(EmbeddedAutovacuum);
      expect(await autovacuum.runOnce()).toEqual({
        analyzed: expect.arrayContaining(['public."Tenant"', 'public."User"', 'public."Membership"']),
        frozen: [],
      });
      expect(await autovacuum.runOnce()).toEqual({ analyzed: [], frozen: [] });
      // Once the tables are old enough (here: any age), the pass freezes them.
      autovacuum.freezeMaxAge = 0;
      expect((await autovacuum.runOnce()).frozen).toEqual(
        expect.arrayContaining(['public."Tenant"', 'public."AuditEvent"', 'pg_catalog.pg_class']),
      );
      // A pass whose ANALYZE fails still freezes what is due: each step is on its own. (Tenants
      // added here make that table's statistics stale, so ANALYZE is tried.)
      await db.$executeRawUnsafe(
        `INSERT INTO "Tenant" ("id", "slug", "name") SELECT gen_random_uuid(), 'stale-' || g, 'T' FROM generate_series(1, 3000) g`,
      );
      const pool = poolsOf(db).bulk.get();
      const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
      const failAnalyze = vi
        .spyOn(pool, 'query')
        .mockImplementation(((...args: unknown[]) =>
          typeof args[0] === 'string' && args[0].startsWith('ANALYZE ')
            ? Promise.reject(new Error('injected: ANALYZE failed'))
            : query(...args)) as never);
      try {
        expect(await autovacuum.runOnce()).toEqual({
          analyzed: [],
          frozen: expect.arrayContaining(['public."Tenant"', 'pg_catalog.pg_class']),
        });
        expect(failAnalyze.mock.calls.map(([sql]) => sql)).toContain('ANALYZE public."Tenant"');
      } finally {
        failAnalyze.mockRestore();
      }
      // The freeze rewrote the page and row counts the staleness check reads: Tenant would look
      // fresh, its column statistics still those of the one tenant it held when last analyzed. So
      // the pass after a failed ANALYZE analyzes every table that holds rows.
      const after = await autovacuum.runOnce();
      expect(after.analyzed).toEqual(expect.arrayContaining(['public."Tenant"', 'public."User"']));
      expect(await autovacuum.runOnce()).toEqual({ analyzed: [], frozen: expect.any(Array) });
    } finally {
      expect(await stopper.stop()).toEqual({ code: 0, problems: [] });
    }
  }, 180_000); // migrating PGlite (WASM) in a child process is slow on a loaded machine
});

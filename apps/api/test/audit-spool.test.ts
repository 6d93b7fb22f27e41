// Redis and PostgreSQL both down while events arrive: the batches go to the local spool, and
// once the database is back they are replayed into it, each event exactly once, and the chain
// verifies. This file runs its own PostgreSQL and Redis: the suite's shared ones must not stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { migrateDeploy } from '@portcullis/db';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '@portcullis/testkit';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';
import { AuditService } from '../src/audit/audit.service';
import { AuditTrailService } from '../src/audit-trail/audit-trail.service';

let pg: PostgresServer;
let redis: RedisServer;
let app: TestApp;

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = pg.createDatabase('portcullis_spool');
  migrateDeploy(databaseUrl);
  app = await startTestApp({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    RUN_WORKER: 'true',
    AUDIT_SPOOL_REPLAY_SEC: '1',
  });
});
afterAll(async () => {
  await app?.close();
  await redis?.stop();
  pg?.stop();
});

describe('audit spool', () => {
  it('keeps events when neither Redis nor the database answers, and replays them once the database is back', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const audit = app.app.get(AuditService);
    const calls = { tenantId: owner.tenantId, action: 'gateway.call' };
    await redis.stop();
    await pg.halt();
    const total = 1200;
    for (let i = 0; i < total; i++) {
      audit.emit({
        tenantId: owner.tenantId,
        actor: { type: 'agent', id: 'agt_spool' },
        action: 'gateway.call',
        outcome: 'success',
        details: { n: i },
      });
      if (i % 300 === 299) await audit.flush();
    }
    await audit.flush();
    const spooled = readdirSync(app.config.AUDIT_SPOOL_DIR);
    expect(spooled.length).toBeGreaterThan(0);

    await pg.resume();
    await waitUntil(
      'the spool replayed',
      async () => (await app.db.auditEvent.count({ where: calls }).catch(() => 0)) === total,
      60_000,
    );
    await waitUntil('the spool emptied', async () => readdirSync(app.config.AUDIT_SPOOL_DIR).length === 0);
    const rows = await app.db.auditEvent.findMany({ where: calls, select: { details: true } });
    expect(new Set(rows.map((r) => (r.details as { n: number }).n)).size).toBe(total);
    const stored = await app.db.auditEvent.count({ where: { tenantId: owner.tenantId } });
    expect(await app.app.get(AuditTrailService).verify(owner.tenantId)).toMatchObject({
      ok: true,
      verifiedCount: stored,
    });

    // Redis back: events are stored again as they arrive.
    await redis.start();
    audit.emit({
      tenantId: owner.tenantId,
      actor: { type: 'agent', id: 'agt_spool' },
      action: 'gateway.call',
      outcome: 'success',
      details: { n: total },
    });
    await audit.flush();
    await waitUntil(
      'the queue carrying events again',
      async () => (await app.db.auditEvent.count({ where: calls })) === total + 1,
      60_000,
    );
  }, 120_000);
});

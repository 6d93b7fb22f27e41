// Getting high-volume audit events out of the process when things go wrong. Its own file (and
// app): Passport strategies are process-wide, so a second app in another test file's process
// would take over that file's sessions.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { AuditService } from '../src/audit/audit.service';
import { AUDIT_QUEUE } from '../src/queue/queues';

let app: TestApp;
let tenantId: string;
let closed = false;
beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true' });
  tenantId = (await signUpOwner(app.baseUrl)).tenantId;
});
afterAll(async () => {
  if (!closed) await app.close();
});

it('a batch neither the queue nor the database takes is logged, never an unhandled rejection', async () => {
  const audit = app.app.get(AuditService);
  const queue = app.app.get<Queue>(getQueueToken(AUDIT_QUEUE));
  const add = vi.spyOn(queue, 'add').mockRejectedValue(new Error('queue down'));
  const direct = vi.spyOn(audit, 'appendDirect').mockRejectedValue(new Error('database down'));
  const logged = vi.spyOn((audit as unknown as { logger: { error: (...a: unknown[]) => void } }).logger, 'error');
  try {
    audit.emit({ tenantId, actor: { type: 'system', id: 'sys' }, action: 'token.denied', outcome: 'denied' });
    await expect(audit.flush()).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ events: [expect.objectContaining({ action: 'token.denied', tenantId })] }),
      'audit events could not be stored',
    );
  } finally {
    add.mockRestore();
    direct.mockRestore();
    logged.mockRestore();
  }
});

it('keeps events emitted just before shutdown: appended, or queued for the next worker', async () => {
  app.app.get(AuditService).emit({ tenantId, actor: { type: 'system', id: 'sys' }, action: 'token.issued', outcome: 'success' });
  closed = true;
  await app.close();

  const sql = new pg.Client({ connectionString: app.databaseUrl });
  const redis = new Redis(app.config.REDIS_URL);
  try {
    await sql.connect();
    const stored = await sql.query(`SELECT 1 FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'token.issued'`, [tenantId]);
    const jobs = await redis.keys(`${app.config.REDIS_PREFIX}:bull:audit:*`);
    const queued = await Promise.all(jobs.map((k) => redis.hget(k, 'data').catch(() => null)));
    const inQueue = queued.some((d) => d?.includes('"token.issued"') && d.includes(tenantId));
    expect(stored.rowCount === 1 || inQueue).toBe(true);
  } finally {
    await sql.end();
    redis.disconnect();
  }
});

// Getting high-volume audit events out of the process when things go wrong. Its own file (and
// app): Passport strategies are process-wide, so a second app in another test file's process
// would take over that file's sessions.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';
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

it('a batch neither the queue nor the database takes is spooled to disk, then replayed; never an unhandled rejection', async () => {
  const audit = app.app.get(AuditService);
  const queue = app.app.get<Queue>(getQueueToken(AUDIT_QUEUE));
  const add = vi.spyOn(queue, 'add').mockRejectedValue(new Error('queue down'));
  const direct = vi.spyOn(audit, 'appendDirect').mockRejectedValue(new Error('database down'));
  let id: string | undefined;
  try {
    audit.emit({
      tenantId,
      actor: { type: 'system', id: 'sys' },
      action: 'token.denied',
      outcome: 'denied',
      reason: 'spooled',
    });
    await expect(audit.flush()).resolves.toBeUndefined();
    const [file] = readdirSync(app.config.AUDIT_SPOOL_DIR);
    const [spooled] = JSON.parse(readFileSync(path.join(app.config.AUDIT_SPOOL_DIR, file!), 'utf8')) as {
      id: string;
      action: string;
    }[];
    expect(spooled).toMatchObject({ action: 'token.denied', reason: 'spooled' });
    id = spooled!.id;
  } finally {
    add.mockRestore();
    direct.mockRestore();
  }
  // Replayed now (or by the periodic replay, if it is running at this moment).
  await waitUntil('the spool replayed', async () => {
    await audit.replaySpool();
    return readdirSync(app.config.AUDIT_SPOOL_DIR).length === 0;
  });
  expect(await app.db.auditEvent.count({ where: { id, tenantId } })).toBe(1);
});

it('a batch not even the spool takes is logged in full', async () => {
  const audit = app.app.get(AuditService);
  const spool = (audit as unknown as { spool: { write: () => void } }).spool;
  const add = vi
    .spyOn(app.app.get<Queue>(getQueueToken(AUDIT_QUEUE)), 'add')
    .mockRejectedValue(new Error('queue down'));
  const direct = vi.spyOn(audit, 'appendDirect').mockRejectedValue(new Error('database down'));
  const write = vi.spyOn(spool, 'write').mockImplementation(() => {
    throw new Error('disk full');
  });
  const logged = vi.spyOn(
    (audit as unknown as { logger: { error: (...a: unknown[]) => void } }).logger,
    'error',
  );
  try {
    audit.emit({ tenantId, actor: { type: 'system', id: 'sys' }, action: 'token.denied', outcome: 'denied' });
    await expect(audit.flush()).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ events: [expect.objectContaining({ action: 'token.denied', tenantId })] }),
      'audit events could not be stored',
    );
  } finally {
    for (const spy of [add, direct, write, logged]) spy.mockRestore();
  }
});

it('keeps events emitted just before shutdown: appended, or queued for the next worker', async () => {
  app.app
    .get(AuditService)
    .emit({ tenantId, actor: { type: 'system', id: 'sys' }, action: 'token.issued', outcome: 'success' });
  closed = true;
  await app.close();

  const sql = new pg.Client({ connectionString: app.databaseUrl });
  const redis = new Redis(app.config.REDIS_URL);
  try {
    await sql.connect();
    const stored = await sql.query(
      `SELECT 1 FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'token.issued'`,
      [tenantId],
    );
    const jobs = await redis.keys(`${app.config.REDIS_PREFIX}:bull:audit:*`);
    const queued = await Promise.all(jobs.map((k) => redis.hget(k, 'data').catch(() => null)));
    const inQueue = queued.some((d) => d?.includes('"token.issued"') && d.includes(tenantId));
    expect(stored.rowCount === 1 || inQueue).toBe(true);
  } finally {
    await sql.end();
    redis.disconnect();
  }
});

// PostgreSQL restarted while audit events are flowing: batches the worker is appending fail
// mid-flight, batches handed off while the server is down fail on every attempt until it is back,
// and BullMQ retries them. After recovery every event is present exactly once, the chain
// verifies, and the app's connection pool serves requests again.
// This file runs its own PostgreSQL: the rest of the suite shares one that must not restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { migrateDeploy } from '@portcullis/db';
import { startPostgres, type PostgresServer } from '@portcullis/testkit';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';
import { AuditService } from '../src/audit/audit.service';
import { AuditProcessor } from '../src/audit-trail/audit.processor';
import { AuditTrailService } from '../src/audit-trail/audit-trail.service';
import { APPEND_AUDIT_JOB, AUDIT_QUEUE } from '../src/queue/queues';

let pg: PostgresServer | undefined;
let app: TestApp | undefined;

beforeAll(async () => {
  pg = await startPostgres();
  const databaseUrl = pg.createDatabase('portcullis_restart');
  migrateDeploy(databaseUrl);
  // The worker runs in this process, on this database.
  app = await startTestApp({ DATABASE_URL: databaseUrl, RUN_WORKER: 'true' });
});
afterAll(async () => {
  await closeApp().catch(() => undefined); // when the test failed before closing it
  pg?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Closing the app ends its connection pool, which waits for every connection to be handed back:
 * one a failed transaction never returned would hang it for good, hence the (generous) deadline.
 */
async function closeApp() {
  const closing = app?.close();
  app = undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('app.close() hangs: a database connection was never handed back to the pool')),
      30_000,
    );
  });
  try {
    await Promise.race([closing, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe('audit trail across a PostgreSQL restart', () => {
  it('loses and duplicates nothing, the chain verifies, and the app recovers', async () => {
    const { baseUrl, db } = app!;
    const owner = await signUpOwner(baseUrl);
    const tenantId = owner.tenantId;
    // The stream's events. The tenant also gets events of its own (sign-up's, and key.rotated
    // when the scheduled checkpoint creates its first signing key), so chain checks use all rows.
    const count = () => db.auditEvent.count({ where: { tenantId, action: 'gateway.call' } });
    const all = () => db.auditEvent.count({ where: { tenantId } });
    const before = await count();
    const audit = app!.app.get(AuditService);

    // Failed append attempts, as the worker reports them (BullMQ retries each).
    const failures: string[] = [];
    app!.app.get(AuditProcessor).worker.on('failed', (job, err) => {
      if (job?.name === APPEND_AUDIT_JOB) failures.push(err.message);
    });

    // A steady stream of events until told to stop: 10 every few milliseconds.
    let emitted = 0;
    let stopEmitting = false;
    const emitter = (async () => {
      while (!stopEmitting) {
        for (let k = 0; k < 10; k++) {
          audit.emit({
            tenantId,
            actor: { type: 'agent', id: 'agt_restart' },
            action: 'gateway.call',
            outcome: 'success',
            details: { n: emitted++ },
          });
        }
        await sleep(3);
      }
    })();

    // The worker is appending and events keep coming: stop the server (fast shutdown
    // terminates the sessions, so an append in progress fails mid-transaction).
    await waitUntil('the worker to append some events', async () => (await count()) >= before + 300, 30_000);
    await waitUntil('more events to be emitted', async () => emitted >= 1000);
    const appendedAtHalt = (await count()) - before;
    await pg!.halt();
    const emittedAtHalt = emitted;
    const failuresAtHalt = failures.length;
    // While the server is down: events are still emitted and handed to the queue, and their
    // append jobs fail (connection refused) until it is back.
    await waitUntil('events emitted while the database is down', async () => emitted >= emittedAtHalt + 1000);
    await waitUntil(
      'append attempts to fail while the database is down',
      async () => failures.length >= failuresAtHalt + 3,
    );
    await sleep(2000); // a few seconds of outage, so some jobs go through several backoff rounds
    const emittedWhileDown = emitted - emittedAtHalt;
    await pg!.resume();
    const emittedAtResume = emitted;
    await waitUntil('events emitted after the restart', async () => emitted >= emittedAtResume + 1000);
    stopEmitting = true;
    await emitter;
    await audit.flush();
    const total = emitted;

    // The restart really happened mid-stream: part of the events were appended before it, part
    // were emitted while the server was down, and appends failed for want of a database.
    expect(appendedAtHalt).toBeGreaterThan(0);
    expect(appendedAtHalt).toBeLessThan(emittedAtHalt);
    expect(emittedWhileDown).toBeGreaterThanOrEqual(1000);
    // (The appender's transaction runs on node-postgres: a refused connection is a DbConnectionError.)
    expect(
      failures.slice(failuresAtHalt).some((m) => /database connection failed: .*ECONNREFUSED/.test(m)),
    ).toBe(true);

    // Retried batches land once the server is back (BullMQ backoff: no batch may run out of attempts).
    await waitUntil('every event appended', async () => (await count()) === before + total, 90_000);
    const rows = await db.auditEvent.findMany({
      where: { tenantId, action: 'gateway.call' },
      select: { details: true },
    });
    expect(rows).toHaveLength(total);
    const ns = new Set(rows.map((r) => (r.details as { n: number }).n));
    expect(ns.size).toBe(total);
    expect(Math.min(...ns)).toBe(0);
    expect(Math.max(...ns)).toBe(total - 1);
    // One chain position per event: seqs 1..N, none twice.
    const stored = await all();
    const seqs = new Set(
      (await db.auditEvent.findMany({ where: { tenantId }, select: { seq: true } })).map((r) =>
        Number(r.seq),
      ),
    );
    expect(seqs.size).toBe(stored);
    expect(Math.min(...seqs)).toBe(1);
    expect(Math.max(...seqs)).toBe(stored);
    // No job was given up on.
    expect(await app!.app.get<Queue>(getQueueToken(AUDIT_QUEUE)).getFailedCount()).toBe(0);

    const trail = app!.app.get(AuditTrailService);
    expect(await trail.verify(tenantId)).toMatchObject({ ok: true, verifiedCount: stored });

    // The pool recovered: an admin write through the API succeeds and is audited in its transaction.
    const created = await owner.client.post('/api/v1/api-tokens', { name: 'after-restart', role: 'auditor' });
    expect(created.status).toBe(201);
    const event = await db.auditEvent.findFirst({
      where: { tenantId, action: 'api_token.created' },
      orderBy: { seq: 'desc' },
    });
    expect(event?.targetId).toBe(created.body.apiToken.id);
    expect(await trail.verify(tenantId)).toMatchObject({ ok: true, verifiedCount: await all() });

    // No connection was left checked out by a transaction the restart broke.
    await closeApp();
  }, 120_000);
});

// Poison isolation: events the database refuses (here: built by hand past toInput, with a NUL
// PostgreSQL cannot store) queued together with good events of two tenants. The good events are
// stored in order, each refused event becomes an `audit.event_rejected` entry in its own
// tenant's chain (under its id, with the SHA-256 of the raw event and the database's real
// error), the other tenant never waits, both chains verify, and the metric counts them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import type { AuditEventInput } from '@portcullis/audit-core';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';
import { toInput } from '../src/audit/audit.service';
import { AuditAppender } from '../src/audit/audit-append';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { APPEND_AUDIT_JOB, AUDIT_QUEUE } from '../src/queue/queues';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', METRICS_TOKEN: 'poison-metrics-token-0123456789' });
});
afterAll(async () => {
  await app?.close();
});

const good = (tenantId: string, n: number): AuditEventInput =>
  toInput({
    tenantId,
    actor: { type: 'agent', id: 'agt_ok' },
    action: 'gateway.call',
    outcome: 'success',
    details: { n },
  });
/** What toInput would never produce: a NUL in a text column. */
const poisoned = (tenantId: string): AuditEventInput => ({
  ...good(tenantId, -1),
  actor: { type: 'agent', id: 'evil\0id' },
});

describe('poison isolation', () => {
  it('stores the good events, records the refused ones as audit.event_rejected, and keeps both tenants going', async () => {
    const a = await signUpOwner(app.baseUrl);
    const b = await signUpOwner(app.baseUrl);
    const badA = poisoned(a.tenantId);
    const badB = poisoned(b.tenantId);
    const batch = [
      good(a.tenantId, 0),
      good(b.tenantId, 0),
      badA,
      good(a.tenantId, 1),
      good(b.tenantId, 1),
      badB,
      good(a.tenantId, 2),
    ];
    // Through the queue and the worker, as emitted events travel.
    const queue = app.app.get<Queue>(getQueueToken(AUDIT_QUEUE), { strict: false });
    await queue.add(APPEND_AUDIT_JOB, { events: batch }, { jobId: batch[0]!.id });

    const rejectedA = await waitUntil('the rejected entry of tenant A', () =>
      app.db.auditEvent
        .findFirst({ where: { tenantId: a.tenantId, action: 'audit.event_rejected' } })
        .then((e) => e ?? undefined),
    );
    expect(rejectedA.id).toBe(badA.id);
    const payloadSha256 = createHash('sha256').update(JSON.stringify(badA), 'utf8').digest('hex');
    expect(rejectedA.details).toMatchObject({
      payloadSha256,
      rejected: { action: 'gateway.call', actorId: 'evil\\u{0}id' },
      // What PostgreSQL said, not Prisma's "Raw query failed. Code: N/A. Message: undefined".
      error: {
        code: '22P05',
        message: 'unsupported Unicode escape sequence',
        detail: '\\u0000 cannot be converted to text.',
      },
    });
    expect(rejectedA.reason).toBe('the database refused this event: unsupported Unicode escape sequence');

    for (const [owner, bad, ns, expected] of [
      [a, badA, [0, 1, 2], [0, 'rejected', 1, 2]],
      [b, badB, [0, 1], [0, 1, 'rejected']],
    ] as const) {
      const rows = await waitUntil('every event of the tenant', async () => {
        const r = await app.db.auditEvent.findMany({
          where: { tenantId: owner.tenantId, actorId: 'agt_ok' },
          orderBy: { seq: 'asc' },
        });
        return r.length === ns.length ? r : undefined;
      });
      expect(rows.map((r) => (r.details as { n: number }).n)).toEqual(ns);
      const rejected = await waitUntil('the rejected entry', () =>
        app.db.auditEvent
          .findFirst({ where: { tenantId: owner.tenantId, action: 'audit.event_rejected' } })
          .then((e) => e ?? undefined),
      );
      expect(rejected.id).toBe(bad.id);
      // In order: the refused event's entry sits where the event would have been.
      const order = await app.db.auditEvent.findMany({
        where: { tenantId: owner.tenantId, action: { in: ['gateway.call', 'audit.event_rejected'] } },
        orderBy: { seq: 'asc' },
      });
      expect(
        order.map((r) => (r.action === 'gateway.call' ? (r.details as { n: number }).n : 'rejected')),
      ).toEqual(expected);
      expect((await owner.client.post('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    }
    // Appending the same batch again stores nothing twice.
    expect(await app.app.get(AuditAppender).append(batch)).toBe(0);
    const metrics = await (
      await fetch(`${app.baseUrl}/metrics`, {
        headers: { authorization: 'Bearer poison-metrics-token-0123456789' },
      })
    ).text();
    expect(metrics).toMatch(/^audit_events_rejected_total 2$/m);
  });

  it('never rejects an event because of its content once toInput made it storable', async () => {
    const a = await signUpOwner(app.baseUrl);
    const hostile = toInput({
      tenantId: a.tenantId,
      actor: { type: 'agent', id: '\0\uD800'.repeat(300) },
      action: 'gateway.call',
      outcome: 'success',
      target: { type: 'server'.repeat(50), id: '\uDFFF', label: 'x\0' },
      reason: '\0'.repeat(5000),
      requestId: randomUUID(),
      details: { ['\0'.repeat(500)]: { deep: [[[[[[[[[['\0']]]]]]]]]] }, tool: '\uD800'.repeat(400) },
    });
    expect(await app.app.get(AuditAppender).append([hostile])).toBe(1);
    const stored = await app.db.auditEvent.findUniqueOrThrow({ where: { id: hostile.id } });
    expect(stored.action).toBe('gateway.call');
    expect(stored.actorId).toBe(hostile.actor.id);
    expect((await a.client.post('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
  });
});

// The appender's fast path (one statement onto the chain head this node last wrote) against a
// real PostgreSQL: it is taken once the node knows the head, and every case where that knowledge
// is wrong or not enough (another writer moved the head, the batch is a retry, the tenant has a
// sink whose deliveries must commit with the events) lands through the locked path instead, the
// chain intact, nothing stored twice, nothing written by the statement that missed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '@portcullis/audit-core';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { toInput } from '../src/audit/audit.service';
import { AuditAppender } from '../src/audit/audit-append';
import { AuditMetrics } from '../src/audit/audit-metrics';
import { appendEvents } from '../src/audit/audit.store';

let app: TestApp;
let appender: AuditAppender;

beforeAll(async () => {
  app = await startTestApp();
  appender = app.app.get(AuditAppender);
});
afterAll(async () => {
  await app?.close();
});

const call = (tenantId: string, n: number): AuditEventInput =>
  toInput({
    tenantId,
    actor: { type: 'agent', id: 'agt_fast' },
    action: 'gateway.call',
    outcome: 'success',
    details: { n },
  });
const batch = (tenantId: string, from: number, size: number) =>
  Array.from({ length: size }, (_, i) => call(tenantId, from + i));

async function fastAppends(): Promise<number> {
  return (await app.app.get(AuditMetrics).fastAppends.get()).values[0]?.value ?? 0;
}

/** The tenant's `gateway.call` events, in chain order, by their `details.n`. */
async function stored(tenantId: string): Promise<number[]> {
  const rows = await app.db.auditEvent.findMany({
    where: { tenantId, action: 'gateway.call' },
    orderBy: { seq: 'asc' },
  });
  return rows.map((r) => (r.details as { n: number }).n);
}

async function expectVerifies(owner: Awaited<ReturnType<typeof signUpOwner>>) {
  const verdict = (await owner.client.post('/api/v1/audit/verify')).body;
  expect(verdict).toMatchObject({ ok: true });
}

describe('the fast append', () => {
  it('takes one statement once the node knows where the chain ends', async () => {
    const owner = await signUpOwner(app.baseUrl);
    await appender.append(batch(owner.tenantId, 0, 3)); // learns the head (locked path)
    const before = await fastAppends();
    expect(await appender.append(batch(owner.tenantId, 3, 3))).toBe(3);
    expect(await appender.append(batch(owner.tenantId, 6, 2))).toBe(2);
    expect((await fastAppends()) - before).toBe(2);
    expect(await stored(owner.tenantId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await expectVerifies(owner);
  });

  it('falls back to the locked path when another writer moved the head, and writes nothing on the miss', async () => {
    const owner = await signUpOwner(app.baseUrl);
    await appender.append(batch(owner.tenantId, 0, 2));
    // Another writer (an admin change's transaction, another node) extends the chain meanwhile.
    await app.db.$transaction((tx) => appendEvents(tx, owner.tenantId, batch(owner.tenantId, 100, 2)));
    const before = await fastAppends();
    expect(await appender.append(batch(owner.tenantId, 2, 2))).toBe(2);
    expect(await fastAppends()).toBe(before);
    expect(await stored(owner.tenantId)).toEqual([0, 1, 100, 101, 2, 3]);
    await expectVerifies(owner);
  });

  it('stores a retried batch once: the events already stored are skipped, the new ones appended', async () => {
    const owner = await signUpOwner(app.baseUrl);
    await appender.append(batch(owner.tenantId, 0, 2));
    const retried = batch(owner.tenantId, 2, 3);
    expect(await appender.append(retried.slice(0, 2))).toBe(2);
    // The same events again (a hand-off whose answer was lost), one new event with them.
    expect(await appender.append(retried)).toBe(1);
    expect(await stored(owner.tenantId)).toEqual([0, 1, 2, 3, 4]);
    await expectVerifies(owner);
  });

  it('leaves a tenant with an enabled sink to the locked path, whose deliveries commit with the events', async () => {
    const owner = await signUpOwner(app.baseUrl);
    await appender.append(batch(owner.tenantId, 0, 1));
    const sink = await app.db.auditSink.create({
      data: { tenantId: owner.tenantId, name: 'siem', kind: 'jsonl', actions: ['gateway.call'] },
    });
    const before = await fastAppends();
    const events = batch(owner.tenantId, 1, 2);
    expect(await appender.append(events)).toBe(2);
    expect(await fastAppends()).toBe(before);
    const deliveries = await app.db.auditDelivery.findMany({ where: { sinkId: sink.id } });
    expect(deliveries.map((d) => d.eventIds)).toEqual([events.map((e) => e.id)]);
    expect(await stored(owner.tenantId)).toEqual([0, 1, 2]);
    await expectVerifies(owner);
  });
});

// Appending to a tenant's hash chain: under the head row's lock, so the chain stays linear
// with any number of writers; idempotent by event id, so a retried batch never duplicates.
import { Prisma, type Db } from '@portcullis/db';
import { EMPTY_HEAD, chainEvents, type AuditEvent, type AuditEventInput } from '@portcullis/audit-core';

type Tx = Prisma.TransactionClient | Db;

export async function appendEvents(tx: Tx, tenantId: string, inputs: AuditEventInput[]): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  await tx.$executeRaw`INSERT INTO "AuditHead" ("tenantId", "seq", "hash") VALUES (${tenantId}::uuid, 0, ${EMPTY_HEAD.hash}) ON CONFLICT DO NOTHING`;
  const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT "seq", "hash" FROM "AuditHead" WHERE "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  const existing = await tx.auditEvent.findMany({ where: { id: { in: inputs.map((i) => i.id) } }, select: { id: true } });
  const seen = new Set(existing.map((e) => e.id));
  const fresh = inputs.filter((i) => !seen.has(i.id));
  if (fresh.length === 0) return [];
  const events = chainEvents(head!.hash, fresh, Number(head!.seq) + 1);
  await tx.auditEvent.createMany({ data: events.map(toRow) });
  const last = events[events.length - 1]!;
  await tx.auditHead.update({ where: { tenantId }, data: { seq: BigInt(last.seq), hash: last.hash } });
  return events;
}

function toRow(e: AuditEvent): Prisma.AuditEventCreateManyInput {
  const details = e.details as Record<string, unknown>;
  return {
    id: e.id,
    tenantId: e.tenantId,
    seq: BigInt(e.seq),
    time: new Date(e.time),
    actorType: e.actor.type,
    actorId: e.actor.id,
    actorLabel: e.actor.label ?? null,
    action: e.action,
    targetType: e.target?.type ?? null,
    targetId: e.target?.id ?? null,
    targetLabel: e.target?.label ?? null,
    outcome: e.outcome,
    reason: e.reason ?? null,
    requestId: e.requestId ?? null,
    ip: e.ip ?? null,
    country: e.country ?? null,
    tool: typeof details.tool === 'string' ? details.tool.slice(0, 256) : null,
    details: e.details as Prisma.InputJsonValue,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/** A stored row back into the event whose hash it carries. */
export function fromRow(r: {
  id: string; tenantId: string; seq: bigint; time: Date; actorType: string; actorId: string; actorLabel: string | null;
  action: string; targetType: string | null; targetId: string | null; targetLabel: string | null; outcome: string;
  reason: string | null; requestId: string | null; ip: string | null; country: string | null; details: unknown; prevHash: string; hash: string;
}): AuditEvent {
  return {
    id: r.id,
    tenantId: r.tenantId,
    seq: Number(r.seq),
    time: r.time.toISOString(),
    actor: { type: r.actorType as AuditEvent['actor']['type'], id: r.actorId, ...(r.actorLabel ? { label: r.actorLabel } : {}) },
    action: r.action as AuditEvent['action'],
    ...(r.targetType ? { target: { type: r.targetType, id: r.targetId ?? '', ...(r.targetLabel ? { label: r.targetLabel } : {}) } } : {}),
    outcome: r.outcome as AuditEvent['outcome'],
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.requestId ? { requestId: r.requestId } : {}),
    ...(r.ip ? { ip: r.ip } : {}),
    ...(r.country ? { country: r.country } : {}),
    details: r.details as AuditEvent['details'],
    prevHash: r.prevHash,
    hash: r.hash,
  } as AuditEvent;
}

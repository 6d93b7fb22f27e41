// Appending to a tenant's hash chain: under the head row's lock, so the chain stays linear
// with any number of writers; idempotent by event id, so a retried batch never duplicates.
// Plain SQL with array parameters (one INSERT ... SELECT FROM unnest for the whole batch):
// Prisma's query compiler costs several hundred microseconds of CPU per row of a createMany,
// more than issuing the token the event is about; a raw statement costs the same for any
// batch size.
import { Prisma, type Db } from '@portcullis/db';
import { EMPTY_HEAD, chainEvents, type AuditEvent, type AuditEventInput } from '@portcullis/audit-core';

type Tx = Prisma.TransactionClient | Db;

export async function appendEvents(tx: Tx, tenantId: string, inputs: AuditEventInput[]): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const head = await lockHead(tx, tenantId);
  const ids = inputs.map((i) => i.id);
  const existing = await tx.$queryRaw<{ id: string }[]>`SELECT "id"::text AS "id" FROM "AuditEvent" WHERE "id" = ANY(${ids}::uuid[])`;
  const seen = new Set(existing.map((e) => e.id.toLowerCase()));
  const fresh = inputs.filter((i) => !seen.has(i.id.toLowerCase()));
  if (fresh.length === 0) return [];
  const events = chainEvents(head.hash, fresh, Number(head.seq) + 1);
  await insertEvents(tx, tenantId, events);
  return events;
}

/** The tenant's chain head, locked until the transaction ends (created at the genesis on first use). */
async function lockHead(tx: Tx, tenantId: string): Promise<{ seq: bigint; hash: string }> {
  const select = () =>
    tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT "seq", "hash" FROM "AuditHead" WHERE "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  const [head] = await select();
  if (head) return head;
  await tx.$executeRaw`INSERT INTO "AuditHead" ("tenantId", "seq", "hash") VALUES (${tenantId}::uuid, 0, ${EMPTY_HEAD.hash}) ON CONFLICT DO NOTHING`;
  return (await select())[0]!;
}

/** One column array per field, in the order of the INSERT below. */
function columns(events: AuditEvent[]) {
  const col = <T>(f: (e: AuditEvent, d: Record<string, unknown>) => T) => events.map((e) => f(e, e.details as Record<string, unknown>));
  return {
    id: col((e) => e.id),
    tenantId: col((e) => e.tenantId),
    seq: col((e) => String(e.seq)),
    time: col((e) => e.time),
    actorType: col((e) => e.actor.type),
    actorId: col((e) => e.actor.id),
    actorLabel: col((e) => e.actor.label ?? null),
    action: col((e) => e.action),
    targetType: col((e) => e.target?.type ?? null),
    targetId: col((e) => e.target?.id ?? null),
    targetLabel: col((e) => e.target?.label ?? null),
    outcome: col((e) => e.outcome),
    reason: col((e) => e.reason ?? null),
    requestId: col((e) => e.requestId ?? null),
    ip: col((e) => e.ip ?? null),
    country: col((e) => e.country ?? null),
    tool: col((e, d) => (typeof d.tool === 'string' ? d.tool.slice(0, 256) : null)),
    details: col((e) => JSON.stringify(e.details)),
    prevHash: col((e) => e.prevHash),
    hash: col((e) => e.hash),
  };
}

/** The events and the new head in one statement (PostgreSQL runs a data-modifying WITH in full). */
async function insertEvents(tx: Tx, tenantId: string, events: AuditEvent[]): Promise<void> {
  const c = columns(events);
  const last = events[events.length - 1]!;
  await tx.$executeRaw`
    WITH inserted AS (
      INSERT INTO "AuditEvent" ("id", "tenantId", "seq", "time", "actorType", "actorId", "actorLabel", "action", "targetType",
        "targetId", "targetLabel", "outcome", "reason", "requestId", "ip", "country", "tool", "details", "prevHash", "hash")
      SELECT * FROM unnest(${c.id}::uuid[], ${c.tenantId}::uuid[], ${c.seq}::bigint[], ${c.time}::timestamptz[],
        ${c.actorType}::text[], ${c.actorId}::text[], ${c.actorLabel}::text[], ${c.action}::text[], ${c.targetType}::text[],
        ${c.targetId}::text[], ${c.targetLabel}::text[], ${c.outcome}::text[], ${c.reason}::text[], ${c.requestId}::text[],
        ${c.ip}::text[], ${c.country}::text[], ${c.tool}::text[], ${c.details}::jsonb[], ${c.prevHash}::text[], ${c.hash}::text[])
    )
    UPDATE "AuditHead" SET "seq" = ${String(last.seq)}::bigint, "hash" = ${last.hash} WHERE "tenantId" = ${tenantId}::uuid`;
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

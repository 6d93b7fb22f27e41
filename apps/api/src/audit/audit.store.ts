// Appending to a tenant's hash chain: under the head row's lock, so the chain stays linear
// with any number of writers; idempotent by event id, so a retried batch never duplicates.
// Plain SQL, the whole batch as one JSON parameter (INSERT ... SELECT FROM jsonb_to_recordset):
// Prisma's query compiler cost several hundred microseconds of CPU per row of a createMany,
// more than issuing the token the event is about; one raw statement per batch costs a fraction.
import { Prisma, tenantSql, type RawSqlRunner, type TenantSql } from '@portcullis/db';
import { capEscaped, chainEvents, type AuditEvent, type AuditEventInput } from '@portcullis/audit-core';

/** `tx`: a Prisma transaction (plain or tenant-scoped); every event must be of `tenantId`. */
export function appendEvents(
  tx: RawSqlRunner,
  tenantId: string,
  inputs: AuditEventInput[],
): Promise<AuditEvent[]> {
  return appendEventsSql(tenantSql(tx, tenantId), inputs);
}

/**
 * The same on a transaction's raw SQL of one tenant: tenantSql of a Prisma transaction, or
 * tenantTransaction's runner (the appender's, on node-postgres directly). Every event must be of
 * `raw`'s tenant.
 */
export async function appendEventsSql(raw: TenantSql, inputs: AuditEventInput[]): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  requireOneTenant(raw, inputs);
  const head = await lockHead(raw);
  const ids = inputs.map((i) => i.id);
  // The tenant compared as text, so that no index of the tenant's can serve it and the ids are
  // looked up by primary key. With "tenantId" = ..., a planner with stale statistics (PGlite has no
  // autovacuum; a fresh PostgreSQL table has none yet) scanned every event of the tenant, on every
  // append: 2 ms at 10,000 events, growing with the chain.
  const existing = await raw.query<{ id: string }[]>(
    Prisma.sql`SELECT "id"::text AS "id" FROM "AuditEvent" WHERE "id" = ANY(${ids}::uuid[]) AND "tenantId"::text = (${raw.tenant})::text`,
  );
  const seen = new Set(existing.map((e) => e.id.toLowerCase()));
  const fresh = inputs.filter((i) => !seen.has(i.id.toLowerCase()));
  if (fresh.length === 0) return [];
  const events = chainEvents(head.hash, fresh, Number(head.seq) + 1);
  await insertEvents(raw, events);
  return events;
}

/** A tenant's chain head: the seq and hash of its last event (0 and the genesis hash before any). */
export interface ChainHead {
  seq: bigint;
  hash: string;
}

/**
 * The fast path, one statement committed by itself: `inputs` sealed onto `head` (where this
 * process last left the tenant's chain) and inserted, unless the tenant has an enabled sink (its
 * deliveries are written in the locked path's transaction): then nothing is written and this
 * returns undefined. Throws when `head` is no longer the chain's head (the audit_advance_head
 * trigger refuses an insert that does not extend the chain), when an event is already stored
 * (its primary key) and on any other failure, having written nothing: the caller then takes the
 * locked path (appendEventsSql), which settles each of these.
 */
export async function appendOnHead(
  raw: TenantSql,
  head: ChainHead,
  inputs: AuditEventInput[],
): Promise<AuditEvent[] | undefined> {
  if (inputs.length === 0) return [];
  requireOneTenant(raw, inputs);
  const events = chainEvents(head.hash, inputs, Number(head.seq) + 1);
  const inserted = await insertEvents(
    raw,
    events,
    Prisma.sql`WHERE NOT EXISTS (SELECT 1 FROM "AuditSink" s WHERE s."tenantId" = ${raw.tenant} AND s."enabled")`,
  );
  if (inserted === 0) return undefined;
  if (inserted !== events.length)
    throw new Error(`the fast append wrote ${inserted} of ${events.length} events`);
  return events;
}

function requireOneTenant(raw: TenantSql, inputs: AuditEventInput[]): void {
  if (inputs.some((i) => i.tenantId !== raw.tenantId))
    throw new Error("an audit batch holds another tenant's event");
}

/**
 * The tenant's chain head, locked until the transaction ends (created at the genesis on first
 * use), through audit_lock_head: the application's role may read the head, never write it.
 */
async function lockHead(raw: TenantSql): Promise<{ seq: bigint; hash: string }> {
  const [head] = await raw.query<{ seq: bigint; hash: string }[]>(
    Prisma.sql`SELECT "seq", "hash" FROM audit_lock_head(${raw.tenant})`,
  );
  return head!;
}

/**
 * The events in one statement; the database checks that they extend the chain and moves the head
 * (the audit_advance_head trigger).
 */
async function insertEvents(raw: TenantSql, events: AuditEvent[], where = Prisma.empty): Promise<number> {
  // The batch as one JSON parameter: one string to send, whatever the batch size, and
  // PostgreSQL reads it into rows (jsonb_to_recordset) in C.
  const rows = JSON.stringify(events.map(toRow));
  // The tenant column is the batch's tenant, whatever a row says (appendEventsSql checked they agree).
  return raw.execute(Prisma.sql`
    INSERT INTO "AuditEvent" ("id", "tenantId", "seq", "time", "actorType", "actorId", "actorLabel", "action", "targetType",
      "targetId", "targetLabel", "outcome", "reason", "requestId", "ip", "country", "tool", "details", "prevHash", "hash")
    SELECT "id", ${raw.tenant}, "seq", "time", "actorType", "actorId", "actorLabel", "action", "targetType",
      "targetId", "targetLabel", "outcome", "reason", "requestId", "ip", "country", "tool", "details", "prevHash", "hash"
    FROM jsonb_to_recordset(${rows}::jsonb) AS r("id" uuid, "tenantId" uuid, "seq" bigint, "time" timestamptz,
      "actorType" text, "actorId" text, "actorLabel" text, "action" text, "targetType" text, "targetId" text,
      "targetLabel" text, "outcome" text, "reason" text, "requestId" text, "ip" text, "country" text, "tool" text,
      "details" jsonb, "prevHash" text, "hash" text)
    ${where}`);
}

/** One row of the INSERT, by column name. */
function toRow(e: AuditEvent) {
  const details = e.details as Record<string, unknown>;
  return {
    id: e.id,
    tenantId: e.tenantId,
    seq: e.seq,
    time: e.time,
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
    tool: typeof details.tool === 'string' ? capEscaped(details.tool, 256) : null,
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

import { eventFromColumns } from '@portcullis/audit-core';
// Searching a tenant's audit trail: filters, newest first, keyset-paginated on seq, and fast on
// a million events (bench/audit-scale.mjs measures every filter; see the indexes on AuditEvent).
import { Injectable } from '@nestjs/common';
import { Prisma, tenantSql, type TenantSql } from '@portcullis/db';
import type { AuditQuery } from '@portcullis/sdk';
import { TenantDbFactory } from '../infra/database';

export type SearchFilters = Omit<AuditQuery, 'limit' | 'cursor'> & { cursor?: string };

/** A free-text term as an ILIKE pattern that matches it literally (%, _ and \ are not wildcards). */
export function containsPattern(term: string): string {
  return `%${escapeLike(term)}%`;
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, '\\$&');
}

/** The same instant as Prisma sends for new Date(iso): millisecond precision, like the column. */
function instant(iso: string): string {
  return new Date(iso).toISOString();
}

export function whereFor(tenantId: string, q: SearchFilters): Prisma.AuditEventWhereInput {
  // actor and agent may both be given: both must hold (an agent is an actor of type agent).
  const actors: Prisma.AuditEventWhereInput[] = [
    ...(q.actor ? [{ actorId: q.actor }] : []),
    ...(q.agent ? [{ actorId: q.agent, actorType: 'agent' }] : []),
  ];
  return {
    tenantId,
    ...(q.from || q.to
      ? { time: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } }
      : {}),
    ...(actors.length ? { AND: actors } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.server ? { targetId: q.server } : {}),
    ...(q.tool ? { tool: q.tool } : {}),
    ...(q.request ? { requestId: q.request } : {}),
    // Prisma puts the % around it but does not escape what is inside.
    ...(q.q ? { reason: { contains: escapeLike(q.q), mode: 'insensitive' as const } } : {}),
    ...(q.cursor ? { seq: { lt: BigInt(q.cursor) } } : {}),
  };
}

/** whereFor as SQL, for the queries Prisma cannot shape (see AuditTrailService.search). */
export function sqlWhere(raw: TenantSql, q: SearchFilters): Prisma.Sql {
  const c: Prisma.Sql[] = [Prisma.sql`"tenantId" = ${raw.tenant}`];
  if (q.from) c.push(Prisma.sql`"time" >= ${instant(q.from)}::timestamptz`);
  if (q.to) c.push(Prisma.sql`"time" <= ${instant(q.to)}::timestamptz`);
  if (q.actor) c.push(Prisma.sql`"actorId" = ${q.actor}`);
  if (q.agent) c.push(Prisma.sql`"actorId" = ${q.agent} AND "actorType" = 'agent'`);
  if (q.action) c.push(Prisma.sql`"action" = ${q.action}`);
  if (q.outcome) c.push(Prisma.sql`"outcome" = ${q.outcome}`);
  if (q.server) c.push(Prisma.sql`"targetId" = ${q.server}`);
  if (q.tool) c.push(Prisma.sql`"tool" = ${q.tool}`);
  if (q.request) c.push(Prisma.sql`"requestId" = ${q.request}`);
  if (q.q) c.push(Prisma.sql`"reason" ILIKE ${containsPattern(q.q)}`);
  if (q.cursor) c.push(Prisma.sql`"seq" < ${BigInt(q.cursor)}`);
  return Prisma.join(c, ' AND ');
}

/** How a search reads: back along the chain (seq order), or the time range first. */
export type SearchPath = 'chain' | 'range';

@Injectable()
export class AuditSearch {
  constructor(private readonly tenantDbs: TenantDbFactory) {}

  /** Newest first, keyset-paginated on seq: stable under concurrent appends. */
  async search(tenantId: string, q: AuditQuery & { limit: number }, path?: SearchPath) {
    const take = q.limit + 1;
    path ??= q.from || q.to ? await this.pathForRange(tenantId, q) : 'chain';
    const rows =
      path === 'range'
        ? await this.rangeFirst(tenantId, q, take)
        : await this.tenantDbs
            .forTenant(tenantId)
            .auditEvent.findMany({ where: whereFor(tenantId, q), orderBy: { seq: 'desc' }, take });
    const items = rows.slice(0, q.limit).map(eventFromColumns);
    return { items, nextCursor: rows.length > q.limit ? String(items[items.length - 1]!.seq) : null };
  }

  /**
   * A time range can be searched two ways. Back along the chain from the head (or the cursor),
   * as every other filter is: that first walks past every event newer than the range. Or the
   * range first, keeping the highest seqs: that reads every event in the range, but (with no
   * other filter) from the (tenantId, time, seq) index alone, at less than half the cost each
   * (0.2 against 0.46 microseconds a row, on a million events). PostgreSQL cannot choose, as it assumes
   * matches spread evenly along seq when time follows seq: on a million events an old one-day
   * range took the walk back, 500,000 rows and 230 ms. Where the range lies in seq comes from
   * one index descent per end. Those are estimates, for this choice only (times are not
   * strictly in seq order): both ways return exactly the same page.
   */
  private async pathForRange(tenantId: string, q: SearchFilters): Promise<SearchPath> {
    const none = Prisma.sql`NULL::bigint`;
    const raw = tenantSql(this.tenantDbs.forTenant(tenantId), tenantId);
    const [at] = await raw.query<{ head: bigint | null; hi: bigint | null; lo: bigint | null }[]>(Prisma.sql`
      SELECT (SELECT "seq" FROM "AuditHead" WHERE "tenantId" = ${raw.tenant}) AS "head",
        ${q.to ? Prisma.sql`(SELECT "seq" FROM "AuditEvent" WHERE "tenantId" = ${raw.tenant} AND "time" <= ${instant(q.to)}::timestamptz ORDER BY "time" DESC, "seq" DESC LIMIT 1)` : none} AS "hi",
        ${q.from ? Prisma.sql`(SELECT "seq" FROM "AuditEvent" WHERE "tenantId" = ${raw.tenant} AND "time" >= ${instant(q.from)}::timestamptz ORDER BY "time", "seq" LIMIT 1)` : none} AS "lo"`);
    const head = Number(at?.head ?? 0);
    const start = q.cursor ? Math.min(Number(q.cursor) - 1, head) : head;
    // No event at or before `to` (or at or after `from`): the range is empty, reading it is free.
    if ((q.to && at?.hi === null) || (q.from && at?.lo === null)) return 'range';
    const hi = q.to ? Number(at!.hi) : head;
    const lo = q.from ? Number(at!.lo) : 0;
    const walk = Math.max(0, start - hi); // events newer than the range, before the first match
    const range = Math.max(0, Math.min(start, hi) - lo); // events in the range
    return range < 2 * walk ? 'range' : 'chain';
  }

  /** The page's seqs from the time range (ORDER BY seq + 0: not along the seq index), then its rows. */
  private async rangeFirst(tenantId: string, q: SearchFilters, take: number) {
    const db = this.tenantDbs.forTenant(tenantId);
    const raw = tenantSql(db, tenantId);
    const seqs = await raw.query<{ seq: bigint }[]>(Prisma.sql`
      SELECT "seq" FROM "AuditEvent" WHERE ${sqlWhere(raw, q)} ORDER BY "seq" + 0 DESC LIMIT ${take}`);
    if (seqs.length === 0) return [];
    return db.auditEvent.findMany({
      where: { seq: { in: seqs.map((r) => r.seq) } },
      orderBy: { seq: 'desc' },
    });
  }
}

// The overview dashboard's numbers, computed in the database over a period.
import { Injectable } from '@nestjs/common';
import { Prisma, tenantSql } from '@portcullis/db';
import { TenantDbFactory } from '../infra/database';

const n = (v: unknown) => Number(v ?? 0);
/** Milliseconds to the hundredth (percentile_cont interpolates in floating point: 169.99999999999994). */
const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Math.round(v * 100) / 100;

@Injectable()
export class AuditStatsService {
  constructor(private readonly tenantDbs: TenantDbFactory) {}

  async stats(tenantId: string, from: Date, to: Date) {
    const db = this.tenantDbs.forTenant(tenantId);
    const raw = tenantSql(db, tenantId);
    const range = { time: { gte: from, lte: to } };
    const [issued, denied, calls] = await Promise.all([
      db.auditEvent.count({ where: { ...range, action: 'token.issued' } }),
      db.auditEvent.count({ where: { ...range, action: 'token.denied' } }),
      db.auditEvent.count({ where: { ...range, action: 'gateway.call' } }),
    ]);
    const reasons = await db.auditEvent.groupBy({
      by: ['reason'],
      where: {
        ...range,
        action: { in: ['gateway.call', 'token.denied'] },
        outcome: { in: ['denied', 'error'] },
      },
      _count: { _all: true },
      orderBy: { _count: { reason: 'desc' } },
      take: 10,
    });
    const tools = await db.auditEvent.groupBy({
      by: ['tool'],
      where: { ...range, action: 'gateway.call', tool: { not: null } },
      _count: { _all: true },
      orderBy: { _count: { tool: 'desc' } },
      take: 10,
    });
    const [latency] = await raw.query<{ p50: number | null; p95: number | null }[]>(Prisma.sql`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ("details"->>'latencyMs')::float) AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY ("details"->>'latencyMs')::float) AS p95
      FROM "AuditEvent"
      WHERE "tenantId" = ${raw.tenant} AND "action" = 'gateway.call' AND "time" BETWEEN ${from} AND ${to}
        AND "outcome" = 'success' AND "details" ? 'latencyMs'`);
    const bucket = to.getTime() - from.getTime() > 3 * 86400_000 ? 'day' : 'hour';
    const series = await raw.query<
      { bucket: Date; calls: bigint; denied: bigint; tokens: bigint }[]
    >(Prisma.sql`
      SELECT date_trunc(${bucket}, "time") AS bucket,
             count(*) FILTER (WHERE "action" = 'gateway.call') AS calls,
             -- Refused calls and tokens (a policy.decision shares its call's refusal: not counted twice).
             count(*) FILTER (WHERE "outcome" = 'denied' AND "action" IN ('gateway.call', 'token.denied')) AS denied,
             count(*) FILTER (WHERE "action" = 'token.issued') AS tokens
      FROM "AuditEvent"
      WHERE "tenantId" = ${raw.tenant} AND "time" BETWEEN ${from} AND ${to}
      GROUP BY 1 ORDER BY 1`);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      tokensIssued: issued,
      tokensDenied: denied,
      gatewayCalls: calls,
      refusalsByReason: reasons.map((r) => ({ reason: r.reason ?? 'unspecified', count: r._count._all })),
      topTools: tools.map((t) => ({ tool: t.tool!, count: t._count._all })),
      latencyMs: { p50: ms(latency?.p50), p95: ms(latency?.p95) },
      series: series.map((s) => ({
        bucket: new Date(s.bucket).toISOString(),
        calls: n(s.calls),
        denied: n(s.denied),
        tokens: n(s.tokens),
      })),
    };
  }
}

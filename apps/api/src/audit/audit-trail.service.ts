// Reading, proving and trimming the audit trail: search, streamed export, verification of the
// stored chain against signed checkpoints, checkpointing and retention.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Db, Prisma } from '@portcullis/db';
import { signCheckpoint, startVerification, toCsvRows, toNdjsonLines, type AuditEvent } from '@portcullis/audit-core';
import type { AuditQuery } from '@portcullis/sdk';
import { AppConfig, CONFIG } from '../config/config';
import { DB } from '../infra/database';
import { SigningKeysService } from '../oauth/signing-keys.service';
import { fromRow } from './audit.store';
import { AuditService, type AuditActor } from './audit.service';
import { SinkDelivery } from './sink-delivery.service';

const PAGE = 1000;

type SearchFilters = Omit<AuditQuery, 'limit' | 'cursor'> & { cursor?: string };

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
    ...(q.from || q.to ? { time: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } } : {}),
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
export function sqlWhere(tenantId: string, q: SearchFilters): Prisma.Sql {
  const c: Prisma.Sql[] = [Prisma.sql`"tenantId" = ${tenantId}::uuid`];
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
export class AuditTrailService {
  private readonly logger = new Logger(AuditTrailService.name);

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeysService,
    private readonly sinks: SinkDelivery,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, keyset-paginated on seq: stable under concurrent appends. */
  async search(tenantId: string, q: AuditQuery & { limit: number }, path?: SearchPath) {
    const take = q.limit + 1;
    path ??= q.from || q.to ? await this.pathForRange(tenantId, q) : 'chain';
    const rows = path === 'range' ? await this.rangeFirst(tenantId, q, take) : await this.db.auditEvent.findMany({ where: whereFor(tenantId, q), orderBy: { seq: 'desc' }, take });
    const items = rows.slice(0, q.limit).map(fromRow);
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
    const [at] = await this.db.$queryRaw<{ head: bigint | null; hi: bigint | null; lo: bigint | null }[]>`
      SELECT (SELECT "seq" FROM "AuditHead" WHERE "tenantId" = ${tenantId}::uuid) AS "head",
        ${q.to ? Prisma.sql`(SELECT "seq" FROM "AuditEvent" WHERE "tenantId" = ${tenantId}::uuid AND "time" <= ${instant(q.to)}::timestamptz ORDER BY "time" DESC, "seq" DESC LIMIT 1)` : none} AS "hi",
        ${q.from ? Prisma.sql`(SELECT "seq" FROM "AuditEvent" WHERE "tenantId" = ${tenantId}::uuid AND "time" >= ${instant(q.from)}::timestamptz ORDER BY "time", "seq" LIMIT 1)` : none} AS "lo"`;
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
    const seqs = await this.db.$queryRaw<{ seq: bigint }[]>`
      SELECT "seq" FROM "AuditEvent" WHERE ${sqlWhere(tenantId, q)} ORDER BY "seq" + 0 DESC LIMIT ${take}`;
    if (seqs.length === 0) return [];
    return this.db.auditEvent.findMany({ where: { tenantId, seq: { in: seqs.map((r) => r.seq) } }, orderBy: { seq: 'desc' } });
  }

  async event(tenantId: string, id: string): Promise<AuditEvent | null> {
    const row = await this.db.auditEvent.findFirst({ where: { tenantId, id } });
    return row ? fromRow(row) : null;
  }

  /** Oldest first, in pages: constant memory however long the trail. */
  async *events(tenantId: string, where: Prisma.AuditEventWhereInput = {}, upTo?: bigint): AsyncGenerator<AuditEvent> {
    let after = -1n;
    for (;;) {
      const rows = await this.db.auditEvent.findMany({
        where: { ...where, tenantId, seq: { gt: after, ...(upTo !== undefined ? { lte: upTo } : {}) } },
        orderBy: { seq: 'asc' },
        take: PAGE,
      });
      for (const r of rows) yield fromRow(r);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  private async checkpoints(tenantId: string, upTo?: bigint): Promise<string[]> {
    const rows = await this.db.auditCheckpoint.findMany({ where: { tenantId, ...(upTo !== undefined ? { seq: { lte: upTo } } : {}) }, orderBy: { seq: 'asc' } });
    return rows.map((r) => r.jws);
  }

  /** The verifiable export: header (with every public key), checkpoints, then events. */
  async *ndjson(tenantId: string): AsyncGenerator<string> {
    const head = await this.db.auditHead.findUnique({ where: { tenantId } });
    const upTo = head?.seq ?? 0n;
    const anchor = await this.anchor(tenantId);
    yield* toNdjsonLines({
      header: { tenantId, exportedAt: new Date().toISOString(), jwks: (await this.keys.auditJwks(tenantId)) as never, ...(anchor ? { anchor } : {}) },
      checkpoints: await this.checkpoints(tenantId, upTo),
      events: this.events(tenantId, {}, upTo),
    });
  }

  csv(tenantId: string, where: Prisma.AuditEventWhereInput): AsyncGenerator<string> {
    return toCsvRows(this.events(tenantId, where));
  }

  /** Where the stored chain starts once retention removed its beginning (the last removed event). */
  private async anchor(tenantId: string): Promise<{ seq: number; hash: string } | undefined> {
    const first = await this.db.auditEvent.findFirst({ where: { tenantId }, orderBy: { seq: 'asc' }, select: { seq: true, prevHash: true } });
    return first && first.seq > 1n ? { seq: Number(first.seq) - 1, hash: first.prevHash } : undefined;
  }

  /** Verifies the stored chain from its anchor to its head against the signed checkpoints. */
  async verify(tenantId: string) {
    const anchor = await this.anchor(tenantId);
    const verifier = await startVerification({
      tenantId,
      // Those pushed out of the database too: a cut tail or a rewrite that took the checkpoint
      // rows with it is still caught (the verifier counts a checkpoint found twice once).
      checkpoints: [...(await this.checkpoints(tenantId)), ...this.pushedCheckpoints(tenantId)],
      jwks: (await this.keys.auditJwks(tenantId)) as never,
      ...(anchor ? { anchor } : {}),
    });
    for await (const e of this.events(tenantId)) {
      if (verifier.push(e)) break; // true once the verdict is known
    }
    return verifier.finish();
  }

  private checkpointFile(tenantId: string): string | undefined {
    const dir = this.config.AUDIT_CHECKPOINT_DIR;
    return dir ? path.join(dir, `${tenantId}.jwsl`) : undefined;
  }

  /** The checkpoints written to AUDIT_CHECKPOINT_DIR, when configured. */
  private pushedCheckpoints(tenantId: string): string[] {
    const file = this.checkpointFile(tenantId);
    if (!file) return [];
    try {
      return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /**
   * Signs the current head (when it moved) with the tenant's active key, and pushes it out. A
   * checkpoint someone asked for is audited first, so the checkpoint covers its own request.
   */
  async checkpoint(tenantId: string, requestedBy?: AuditActor): Promise<boolean> {
    if (requestedBy) await this.audit.record({ tenantId, actor: requestedBy, action: 'audit.checkpoint', outcome: 'success' });
    // The key first: a tenant's first key is created (and audited) on first use.
    const key = (await this.keys.ring(tenantId)).activeKey();
    const head = await this.db.auditHead.findUnique({ where: { tenantId } });
    if (!head || head.seq === 0n) return false;
    const last = await this.db.auditCheckpoint.findFirst({ where: { tenantId }, orderBy: { seq: 'desc' } });
    if (last && last.seq >= head.seq) return false;
    const time = new Date();
    const jws = await signCheckpoint(
      { tenantId, seq: Number(head.seq), headHash: head.hash, time: time.toISOString() },
      { key: key.privateKey, kid: key.kid, alg: key.alg },
    );
    await this.db.auditCheckpoint.create({ data: { tenantId, seq: head.seq, headHash: head.hash, time, jws } });
    await this.sinks.dispatch(tenantId, [], jws);
    const file = this.checkpointFile(tenantId);
    if (file) {
      // Outside the database: a truncated tail or a full rewrite cannot take these along.
      mkdirSync(path.dirname(file), { recursive: true });
      appendFileSync(file, `${jws}\n`);
    }
    return true;
  }

  /** Deletes events past retention, but only up to a checkpoint that anchors the rest. */
  async applyRetention(tenantId: string, now = new Date()): Promise<number> {
    const tenant = await this.db.tenant.findUnique({ where: { id: tenantId } });
    if (!tenant) return 0;
    const cutoff = new Date(now.getTime() - tenant.auditRetentionDays * 86400_000);
    const oldest = await this.db.auditEvent.findFirst({ where: { tenantId, time: { lt: cutoff } }, orderBy: { seq: 'desc' }, select: { seq: true } });
    if (!oldest) return 0;
    const anchor = await this.db.auditCheckpoint.findFirst({ where: { tenantId, seq: { lte: oldest.seq } }, orderBy: { seq: 'desc' } });
    if (!anchor) return 0;
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('portcullis.audit_retention', 'on', true)`;
      const deleted = await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "tenantId" = ${tenantId}::uuid AND "seq" <= ${anchor.seq}`;
      // The trail says what left it: how many, up to which anchor, and under which rule.
      await this.audit.record(
        {
          tenantId, actor: { type: 'system', id: 'audit-retention' }, action: 'audit.retention_applied', outcome: 'success',
          details: { deleted, throughSeq: Number(anchor.seq), retentionDays: tenant.auditRetentionDays, cutoff: cutoff.toISOString() },
        },
        tx,
      );
      return deleted;
    });
  }
}

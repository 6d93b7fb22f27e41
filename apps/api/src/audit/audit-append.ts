// Appending batches to the trail so that no event waits on another: one transaction per tenant
// (a tenant never waits on another tenant's bad event), and a batch the database refuses is
// split in halves until the refused events are alone. Those are replaced, under their own id
// (so a retried batch stays idempotent), by an `audit.event_rejected` entry in the same chain
// that carries the SHA-256 of the raw event and the database's real error: the hole is visible
// and verifiable. Only an unreachable database fails the append (the caller retries or spools).
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  describeDbError,
  isRefusal,
  tenantAutocommit,
  tenantTransaction,
  type DbErrorInfo,
} from '@portcullis/db';
import { storableInput, type AuditEvent, type AuditEventInput } from '@portcullis/audit-core';
import { LRUCache } from 'lru-cache';
import { DatabaseProbe, TenantDbFactory } from '../infra/database';
import { appendEventsSql, appendOnHead, type ChainHead } from './audit.store';
import { AuditMetrics } from './audit-metrics';
import { SinkDelivery } from './sink-delivery.service';

/** How long a tenant's appends skip the fast path after it could not be used (see `fast`). */
const FAST_PATH_PAUSE_MS = { sinks: 5000, missed: 1000 } as const;

@Injectable()
export class AuditAppender {
  private readonly logger = new Logger('audit');
  /** Each tenant's chain head as this process last left it: the fast path seals onto it. */
  private readonly heads = new LRUCache<string, ChainHead>({ max: 10_000 });
  /** Tenants whose appends take the locked path for now (an enabled sink, or the head moved). */
  private readonly paused = new LRUCache<string, true>({ max: 10_000 });

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    private readonly probe: DatabaseProbe,
    private readonly sinks: SinkDelivery,
    private readonly metrics: AuditMetrics,
  ) {}

  /** Appends `events` (any tenants, idempotent by id); returns how many were new. */
  async append(events: AuditEventInput[]): Promise<number> {
    const byTenant = new Map<string, AuditEventInput[]>();
    for (const e of events) {
      const list = byTenant.get(e.tenantId);
      if (list) list.push(e);
      else byTenant.set(e.tenantId, [e]);
    }
    let appended = 0;
    let failure: unknown;
    for (const [tenantId, list] of byTenant) {
      try {
        appended += await this.appendTenant(tenantId, list);
      } catch (e) {
        failure ??= e; // the other tenants still go in; the caller retries the whole (idempotently)
      }
    }
    if (failure !== undefined) throw failure;
    return appended;
  }

  private async appendTenant(tenantId: string, list: AuditEventInput[]): Promise<number> {
    try {
      return await this.transaction(tenantId, list);
    } catch (e) {
      const info = await this.refusal(e);
      if (!info) throw e;
      if (list.length === 1) return this.reject(tenantId, list[0]!, info);
      const mid = list.length >> 1;
      // In order: the first half's events keep their place before the second's.
      return (
        (await this.appendTenant(tenantId, list.slice(0, mid))) +
        (await this.appendTenant(tenantId, list.slice(mid)))
      );
    }
  }

  /**
   * On node-postgres directly, not a Prisma transaction: every token and gateway call pays for
   * this, and Prisma's interactive transaction cost a quarter of the gateway's CPU
   * (bench/results/issue13). The fast path first (one statement); else the locked path: the
   * head locked, stored ids skipped, the deliveries committed with the events and handed off after.
   */
  private async transaction(tenantId: string, list: AuditEventInput[]): Promise<number> {
    const fast = await this.fast(tenantId, list);
    if (fast) return fast.length;
    const events = await tenantTransaction(this.tenantDbs.forTenant(tenantId), tenantId, async (sql) => {
      const appended = await appendEventsSql(sql, list);
      await this.sinks.dispatch(appended, undefined, sql);
      return appended;
    });
    this.remember(tenantId, events);
    return events.length;
  }

  /**
   * One statement, no transaction, when this process knows where the tenant's chain ends (it
   * wrote the last event) and the tenant has no enabled sink: most appends, on a node that serves
   * a tenant alone. Undefined when it did not apply; it then wrote nothing (the database refuses
   * an insert that does not extend the chain), and the locked path settles the batch, the
   * database's refusals included. A tenant for which it missed takes the locked path for a
   * moment, so nodes that share a tenant do not each pay a refused statement per batch.
   */
  private async fast(tenantId: string, list: AuditEventInput[]): Promise<AuditEvent[] | undefined> {
    const head = this.heads.get(tenantId);
    if (!head || this.paused.has(tenantId)) return undefined;
    this.heads.delete(tenantId); // known again only once an append succeeds
    let events: AuditEvent[] | undefined;
    try {
      events = await tenantAutocommit(this.tenantDbs.forTenant(tenantId), tenantId, (sql) =>
        appendOnHead(sql, head, list),
      );
    } catch (e) {
      // Expected when another writer moved the head or the batch is a retry; the locked path
      // reports whatever else it was.
      this.logger.debug({ err: e, tenantId }, 'fast audit append missed; taking the locked path');
      return this.pause(tenantId, 'missed');
    }
    if (!events) return this.pause(tenantId, 'sinks');
    this.remember(tenantId, events);
    this.metrics.fastAppends.inc();
    return events;
  }

  private pause(tenantId: string, why: keyof typeof FAST_PATH_PAUSE_MS): undefined {
    this.paused.set(tenantId, true, { ttl: FAST_PATH_PAUSE_MS[why] });
    return undefined;
  }

  /** Where the tenant's chain ends once `events` are in (unknown when none were appended). */
  private remember(tenantId: string, events: AuditEvent[]): void {
    const last = events.at(-1);
    if (last) this.heads.set(tenantId, { seq: BigInt(last.seq), hash: last.hash });
  }

  /** What the database said when it refused the input; undefined when it could not be asked. */
  private async refusal(e: unknown): Promise<DbErrorInfo | undefined> {
    const info = describeDbError(e);
    if (isRefusal(info)) return info;
    if (info.code) return undefined; // a transient class: connection, serialization, shutdown
    // No SQLSTATE: refused before the database (an input that cannot be sealed) or not reachable.
    return (await this.probe.reachable()) ? info : undefined;
  }

  private async reject(tenantId: string, raw: AuditEventInput, info: DbErrorInfo): Promise<number> {
    const payload = JSON.stringify(raw);
    this.logger.error(
      { tenantId, eventId: raw.id, action: raw.action, db: info },
      `audit event refused by the database: ${info.message}`,
    );
    const entry = storableInput({
      id: raw.id,
      tenantId,
      time: new Date().toISOString(),
      actor: { type: 'system', id: 'audit' },
      action: 'audit.event_rejected',
      outcome: 'error',
      reason: `the database refused this event: ${info.message}`,
      details: {
        rejected: { action: String(raw.action), time: String(raw.time), actorId: String(raw.actor?.id) },
        payloadSha256: createHash('sha256').update(payload, 'utf8').digest('hex'),
        payloadBytes: Buffer.byteLength(payload, 'utf8'),
        error: { ...info },
      },
    });
    this.metrics.rejected.inc();
    try {
      return await this.transaction(tenantId, [entry]);
    } catch (e) {
      const again = await this.refusal(e);
      if (!again) throw e;
      // Not even the entry can be stored (no such tenant chain): the log is the last record.
      this.logger.error(
        { tenantId, event: raw, db: again },
        'audit event refused, and so was its audit.event_rejected entry',
      );
      return 0;
    }
  }
}

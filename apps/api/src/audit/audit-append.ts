// Appending batches to the trail so that no event waits on another: one transaction per tenant
// (a tenant never waits on another tenant's bad event), and a batch the database refuses is
// split in halves until the refused events are alone. Those are replaced, under their own id
// (so a retried batch stays idempotent), by an `audit.event_rejected` entry in the same chain
// that carries the SHA-256 of the raw event and the database's real error: the hole is visible
// and verifiable. Only an unreachable database fails the append (the caller retries or spools).
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { describeDbError, isRefusal, tenantTransaction, type DbErrorInfo } from '@portcullis/db';
import { storableInput, type AuditEventInput } from '@portcullis/audit-core';
import { DatabaseProbe, TenantDbFactory } from '../infra/database';
import { appendEventsSql } from './audit.store';
import { AuditMetrics } from './audit-metrics';
import { SinkDelivery } from './sink-delivery.service';

@Injectable()
export class AuditAppender {
  private readonly logger = new Logger('audit');

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
   * (bench/results/issue13). The deliveries commit with the events; their hand-off runs after.
   */
  private async transaction(tenantId: string, list: AuditEventInput[]): Promise<number> {
    const events = await tenantTransaction(this.tenantDbs.forTenant(tenantId), tenantId, async (sql) => {
      const appended = await appendEventsSql(sql, list);
      await this.sinks.dispatch(appended, undefined, sql);
      return appended;
    });
    return events.length;
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

// The one interface every capability writes audit events through.
// - record(): admin changes, appended in the caller's transaction when it passes one.
// - emit(): high-volume events (token endpoint, gateway): micro-batched, then appended by this
//   node when it runs the worker (no queue round trip: the batch goes from memory to the chain),
//   else handed to a BullMQ queue for the workers. Whichever of the two is first, the other is
//   the fallback, and a local spool (replayed into the database later) takes what neither took.
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { tenantSql, type RawSqlRunner } from '@portcullis/db';
import {
  AUDIT_ACTIONS,
  redactDetails,
  storableInput,
  toJsonValue,
  type AuditAction,
  type AuditEventInput,
} from '@portcullis/audit-core';
import type { TenantContext } from '../common/principal';
import { DatabaseProbe, TenantDbFactory } from '../infra/database';
import { settledBy } from '../infra/timeouts';
import { AppConfig, CONFIG } from '../config/config';
import { AUDIT_QUEUE, APPEND_AUDIT_JOB } from '../queue/queues';
import { appendEventsSql } from './audit.store';
import { AuditAppender } from './audit-append';
import { AuditSpool, RejectedBatch } from './audit-spool';
import { handOff, type HandOffOrder } from './audit-handoff';
import { SinkDelivery } from './sink-delivery.service';

export interface AuditActor {
  type: 'user' | 'admin_token' | 'agent' | 'client' | 'system';
  id: string;
  label?: string;
}

export interface AuditRecord {
  tenantId: string;
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string; label?: string };
  outcome: 'success' | 'failure' | 'denied' | 'error';
  reason?: string;
  requestId?: string;
  ip?: string;
  country?: string;
  /** Identifiers and facts; secret-looking keys are masked again here, whatever the caller did. */
  details?: Record<string, unknown>;
}

/** An admin request's event: its tenant and actor are the request's (recordFor, inTransaction fill them in). */
export type AdminAuditRecord = Omit<AuditRecord, 'tenantId' | 'actor'>;

const BATCH_MAX = 500;
const BATCH_WAIT_MS = 20;
/** A queue or database that does not take a batch within this counts as down for that batch. */
const FLUSH_TIMEOUT_MS = { queue: 2000, database: 2000 } as const;
/** How long Nest's shutdown hook may spend handing off, when the node's stop sequence did not. */
const SHUTDOWN_HANDOFF_MS = 3000;
const ACTIONS = new Set<string>(AUDIT_ACTIONS);
const COUNTRY = /^[A-Z]{2}$/;

/**
 * The event as it will be sealed: secrets masked, then every field made storable (escaped and
 * capped by audit-core's storableInput, whatever the caller passed), so the hash covers exactly
 * what the database keeps.
 */
export function toInput(r: AuditRecord): AuditEventInput {
  if (!ACTIONS.has(r.action)) throw new Error(`unknown audit action ${r.action}`);
  const ip = r.ip?.startsWith('::ffff:') && isIP(r.ip.slice(7)) === 4 ? r.ip.slice(7) : r.ip;
  // Assigned field by field, not spread: every token and gateway call seals one of these.
  const input: Parameters<typeof storableInput>[0] = {
    id: randomUUID(),
    tenantId: r.tenantId,
    time: new Date().toISOString(),
    actor: r.actor.label
      ? { type: r.actor.type, id: r.actor.id, label: r.actor.label }
      : { type: r.actor.type, id: r.actor.id },
    action: r.action,
    outcome: r.outcome,
    details: redactDetails((toJsonValue(r.details ?? {}) ?? {}) as Record<string, unknown>),
  };
  if (r.target) input.target = r.target;
  if (r.reason) input.reason = r.reason;
  if (r.requestId) input.requestId = r.requestId;
  if (ip && isIP(ip)) input.ip = ip;
  if (r.country && COUNTRY.test(r.country)) input.country = r.country;
  return storableInput(input);
}

@Injectable()
export class AuditService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('audit');
  private pending: AuditEventInput[] = [];
  /**
   * Batches taken from `pending` whose hand-off (queue, database or spool) has not finished: the
   * audit lag counts them, and a stop past its deadline spools them.
   */
  private readonly inFlight = new Set<AuditEventInput[]>();
  private timer?: NodeJS.Timeout;
  private flushing = Promise.resolve();
  private readonly spool: AuditSpool;
  private readonly replayEveryMs: number;
  private replayTimer?: NodeJS.Timeout;
  private replaying?: Promise<number>;
  private stopped = false;
  /**
   * Where a batch goes first. A node that runs the worker appends its own batches: a queue job
   * would come back to this very process, after a Redis round trip, a job record and two JSON
   * passes per event. A node without the worker hands off to the queue (the workers append).
   */
  private readonly order: HandOffOrder;

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    private readonly probe: DatabaseProbe,
    @InjectQueue(AUDIT_QUEUE) private readonly queue: Queue,
    private readonly sinks: SinkDelivery,
    private readonly appender: AuditAppender,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.spool = new AuditSpool(config.AUDIT_SPOOL_DIR);
    this.replayEveryMs = config.AUDIT_SPOOL_REPLAY_SEC * 1000;
    this.order = config.RUN_WORKER ? ['database', 'queue'] : ['queue', 'database'];
  }

  /** Replays what an earlier run (or this one) spooled, now and then periodically. */
  onApplicationBootstrap(): void {
    const tick = () => {
      void this.replaySpool().finally(() => {
        if (!this.stopped) this.replayTimer = setTimeout(tick, this.replayEveryMs).unref();
      });
    };
    tick();
  }

  /** Spooled batches into the database (idempotent); a failure leaves them for the next tick. */
  replaySpool(): Promise<number> {
    this.replaying ??= this.spool
      .replay(async (events) => {
        try {
          return await this.appendDirect(events);
        } catch (e) {
          // Reachable but refused (not a lost connection): set it aside rather than retry forever.
          if (await this.probe.reachable()) throw new RejectedBatch(e);
          throw e;
        }
      })
      .then((n) => {
        if (n > 0) this.logger.log({ events: n }, 'replayed spooled audit events into the database');
        return n;
      })
      .catch((e) => {
        this.logger.warn({ err: e }, 'audit spool replay failed; will retry');
        return 0;
      })
      .finally(() => (this.replaying = undefined));
    return this.replaying;
  }

  /**
   * Admin changes: appended now, inside `tx` when the caller passes its transaction (a plain
   * or tenant-scoped Prisma transaction client), so the change and its event commit together.
   */
  async record(record: AuditRecord, tx?: object): Promise<void> {
    const input = toInput(record);
    const append = async (t: object) => {
      const sql = tenantSql(t as RawSqlRunner, record.tenantId);
      const events = await appendEventsSql(sql, [input]);
      await this.sinks.dispatch(events, undefined, sql);
    };
    if (tx) await append(tx);
    else await this.tenantDbs.forTenant(record.tenantId).$transaction(append);
  }

  /** An admin request's event, outside any transaction (a read, an export): who and where come from `t`. */
  recordFor(t: TenantContext, r: AdminAuditRecord): Promise<void> {
    return this.record({ tenantId: t.tenantId, actor: actorOf(t.principal), ...r });
  }

  /**
   * The one way an admin change is written: `fn` runs in a transaction, with a tenant context
   * bound to it and an `audit` function whose events (by the request's principal, in its tenant)
   * commit with the change or not at all.
   */
  async inTransaction<T>(
    t: TenantContext,
    fn: (tx: TenantContext, audit: (r: AdminAuditRecord) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const by = { tenantId: t.tenantId, actor: actorOf(t.principal) };
    // The transaction client of a scoped client lacks $transaction: typed as the context's db for `fn`.
    const run = t.db.$transaction as unknown as (f: (tx: TenantContext['db']) => Promise<T>) => Promise<T>;
    return run.call(t.db, (db) => fn({ ...t, db }, (r) => this.record({ ...by, ...r }, db)));
  }

  /** High-volume events: never blocks the caller. */
  emit(record: AuditRecord): void {
    let input: AuditEventInput;
    try {
      input = toInput(record);
    } catch (e) {
      this.logger.error({ err: e, action: record.action }, 'dropped a malformed audit record');
      return;
    }
    this.pending.push(input);
    if (this.pending.length >= BATCH_MAX) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), BATCH_WAIT_MS);
  }

  /**
   * Hands the pending batch on: to the database or the queue (see `order`), the other when the
   * first fails or does not answer in time, else to the spool. Batches go one after another, in
   * the order they were emitted; events emitted meanwhile make the next batch.
   */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.inFlight.add(batch);
    this.flushing = this.flushing.then(async () => {
      try {
        // A step cut short by its timeout may still land later: appends are idempotent by event
        // id, so the batch is never written twice.
        const target = await handOff(
          this.targets(batch),
          Number.POSITIVE_INFINITY,
          (target, e) =>
            this.logger.warn(
              { err: e, events: batch.length },
              `audit ${target} unreachable for a batch; trying the next store`,
            ),
          FLUSH_TIMEOUT_MS,
          this.order,
        );
        if (target === 'spool')
          this.logger.warn(
            { events: batch.length },
            'audit queue and database unreachable; events spooled to disk for replay',
          );
      } catch (e) {
        // No store took them: the log is the last place they can be recovered from (they were
        // redacted in toInput). Never a rejection: emit() callers do not await this.
        this.logger.error({ err: e, events: batch }, 'audit events could not be stored');
      } finally {
        this.inFlight.delete(batch);
      }
    });
    return this.flushing;
  }

  private targets(batch: AuditEventInput[]) {
    return {
      queue: () => this.enqueue(batch),
      database: () => this.appendDirect(batch),
      spool: () => this.spool.write(batch),
    };
  }

  /** The job id is the first event id: a retried add is a no-op, not a duplicate. */
  private enqueue(batch: AuditEventInput[]) {
    return this.queue.add(
      APPEND_AUDIT_JOB,
      { events: batch },
      {
        jobId: batch[0]!.id,
        removeOnComplete: 1000,
        removeOnFail: false,
        attempts: 10,
        backoff: { type: 'exponential', delay: 500 },
      },
    );
  }

  /** The durable fallback, also used by the worker: see AuditAppender (per tenant, poison isolated). */
  appendDirect(events: AuditEventInput[]): Promise<number> {
    return this.appender.append(events);
  }

  /** Time (ms) of the oldest event this node holds that is not yet handed off or stored. */
  oldestHeld(): number | undefined {
    let oldest: number | undefined;
    for (const batch of [this.pending, ...this.inFlight]) {
      for (const e of batch) {
        const t = Date.parse(e.time);
        if (oldest === undefined || t < oldest) oldest = t;
      }
    }
    return oldest;
  }

  /** The spool's size and oldest event, for the lag and spool metrics. */
  get spooled(): AuditSpool {
    return this.spool;
  }

  /**
   * Shutdown, once no request or job can emit any more: the pending batch goes to the queue, else
   * the database, else the spool, each step bounded (audit-handoff.ts); a flush or spool replay
   * already under way is given until `until`.
   */
  async handOff(until: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.replayTimer);
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.inFlight.add(batch);
      try {
        const target = await handOff(this.targets(batch), until, (target, e) =>
          this.logger.warn(
            { err: e, events: batch.length },
            `audit hand-off to the ${target} failed at shutdown`,
          ),
        );
        this.logger.log({ events: batch.length, target }, 'pending audit events handed off at shutdown');
        this.inFlight.delete(batch);
      } catch (e) {
        this.logger.error(
          { err: e, events: batch.length },
          'the audit spool refused the pending events at shutdown',
        );
      }
    }
    await settledBy(this.flushing, until);
    if (this.replaying) await settledBy(this.replaying, until);
  }

  /**
   * Shutdown, last step (synchronous, so it runs whatever the deadline): events that no store
   * confirmed (still pending, or in a hand-off cut short) go to the spool, replayed at the next
   * start; stored twice is stored once (idempotent by event id). Returns how many were spooled.
   */
  spoolLeftovers(): number {
    const batches = [...this.inFlight, this.pending].filter((b) => b.length > 0);
    this.inFlight.clear();
    this.pending = [];
    let spooled = 0;
    for (const batch of batches) {
      try {
        this.spool.write(batch);
        spooled += batch.length;
      } catch (e) {
        this.logger.error({ err: e, events: batch }, 'audit events could not be stored');
      }
    }
    return spooled;
  }

  /** Before any module closes its connections: at onApplicationShutdown Redis or the database may be gone. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.handOff(Date.now() + SHUTDOWN_HANDOFF_MS);
  }
}

/** The actor for an admin request's principal. */
export function actorOf(
  p: { kind: 'user'; userId: string } | { kind: 'apiToken'; tokenId: string },
): AuditActor {
  return p.kind === 'user' ? { type: 'user', id: p.userId } : { type: 'admin_token', id: p.tokenId };
}

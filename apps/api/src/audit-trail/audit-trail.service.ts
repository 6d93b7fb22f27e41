// Proving and trimming the audit trail: streamed export, verification of the stored chain
// against signed checkpoints, checkpointing and retention. (Search: AuditSearch.)
import { Inject, Injectable, Logger } from '@nestjs/common';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Prisma, tenantSql } from '@portcullis/db';
import {
  signCheckpoint,
  toCsvRows,
  toNdjsonLines,
  type AuditEvent,
  type VerifyResult,
  columnsFromValues,
  eventFromColumns,
} from '@portcullis/audit-core';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { SigningKeysService } from '../oauth/signing-keys.service';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { SinkDelivery } from '../audit/sink-delivery.service';
import { inlineControl, prefetchedPages, type JobControl } from '../jobs/job-control';
import { chainLength, verifyStoredChain, type StoredChain } from './chain-verification';
import { chainPages } from './chain-pages';

/**
 * Events removed by one retention transaction: a few milliseconds of the database's time, after
 * which other requests' statements run (on the embedded database they share its one session).
 */
const RETENTION_WINDOW = 2000n;

/** Events a page of a filtered read (the CSV export). */
const PAGE = 1000;
/**
 * Events an export window: the next is read while this one's lines are written, and between two
 * the event loop turns (windowedPages). About 2 ms of work: every await of another request waits
 * for at most one (with 500, a gateway call during a fast export took 30 ms instead of 4).
 */
const EXPORT_WINDOW = 200;

@Injectable()
export class AuditTrailService {
  private readonly logger = new Logger(AuditTrailService.name);

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeysService,
    private readonly sinks: SinkDelivery,
    private readonly audit: AuditService,
  ) {}

  async event(tenantId: string, id: string): Promise<AuditEvent | null> {
    const row = await this.tenantDbs.forTenant(tenantId).auditEvent.findFirst({ where: { tenantId, id } });
    return row ? eventFromColumns(row) : null;
  }

  /** Matching events oldest first, in pages (the next read while this one is consumed): constant memory however long the trail. */
  private async *events(tenantId: string, where: Prisma.AuditEventWhereInput): AsyncGenerator<AuditEvent> {
    const pages = prefetchedPages(
      (after) =>
        this.tenantDbs.forTenant(tenantId).auditEvent.findMany({
          where: { ...where, tenantId, seq: { gt: after } },
          orderBy: { seq: 'asc' },
          take: PAGE,
        }),
      PAGE,
    );
    for await (const rows of pages) for (const r of rows) yield eventFromColumns(r);
  }

  /** The chain after `after` through `upTo`, every event, a window of seq at a time (what an NDJSON export streams). */
  async *chain(tenantId: string, after: bigint, upTo: bigint): AsyncGenerator<AuditEvent> {
    const pages = chainPages(this.tenantDbs.forTenant(tenantId), tenantId, after, upTo, EXPORT_WINDOW);
    for await (const rows of pages) for (const v of rows) yield eventFromColumns(columnsFromValues(v));
  }

  private async checkpoints(tenantId: string, upTo?: bigint): Promise<string[]> {
    const rows = await this.tenantDbs.forTenant(tenantId).auditCheckpoint.findMany({
      where: { tenantId, ...(upTo !== undefined ? { seq: { lte: upTo } } : {}) },
      orderBy: { seq: 'asc' },
    });
    return rows.map((r) => r.jws);
  }

  /** The verifiable export: header (with every public key), checkpoints, then events. */
  async *ndjson(tenantId: string): AsyncGenerator<string> {
    const head = await this.tenantDbs.forTenant(tenantId).auditHead.findUnique({ where: { tenantId } });
    const upTo = head?.seq ?? 0n;
    const anchor = await this.anchor(tenantId);
    yield* toNdjsonLines({
      header: {
        tenantId,
        exportedAt: new Date().toISOString(),
        jwks: (await this.keys.auditJwks(tenantId)) as never,
        ...(anchor ? { anchor } : {}),
      },
      checkpoints: await this.checkpoints(tenantId, upTo),
      events: this.chain(tenantId, BigInt(anchor?.seq ?? 0), upTo),
    });
  }

  csv(tenantId: string, where: Prisma.AuditEventWhereInput): AsyncGenerator<string> {
    return toCsvRows(this.events(tenantId, where));
  }

  /** Where the stored chain starts once retention removed its beginning (the last removed event). */
  private async anchor(tenantId: string): Promise<{ seq: number; hash: string } | undefined> {
    const first = await this.tenantDbs.forTenant(tenantId).auditEvent.findFirst({
      where: { tenantId },
      orderBy: { seq: 'asc' },
      select: { seq: true, prevHash: true },
    });
    return first && first.seq > 1n ? { seq: Number(first.seq) - 1, hash: first.prevHash } : undefined;
  }

  /**
   * What a verification of the stored chain reads: every signed checkpoint (those pushed out of
   * the database too: a cut tail or a rewrite that took the checkpoint rows with it is still
   * caught; the verifier counts a checkpoint found twice once), then the head it stops at.
   */
  async storedChain(tenantId: string): Promise<StoredChain> {
    const checkpoints = [...(await this.checkpoints(tenantId)), ...this.pushedCheckpoints(tenantId)];
    const head = await this.tenantDbs.forTenant(tenantId).auditHead.findUnique({ where: { tenantId } });
    const anchor = await this.anchor(tenantId);
    return {
      tenantId,
      checkpoints,
      jwks: await this.keys.auditJwks(tenantId),
      ...(anchor ? { anchor } : {}),
      ...(head ? { upTo: head.seq } : {}),
    };
  }

  /** Events from the anchor to the head: what a verification or an NDJSON export reads. */
  async length(tenantId: string): Promise<number> {
    const head = await this.tenantDbs.forTenant(tenantId).auditHead.findUnique({ where: { tenantId } });
    const anchor = await this.anchor(tenantId);
    return chainLength({ ...(anchor ? { anchor } : {}), ...(head ? { upTo: head.seq } : {}) });
  }

  /** Verifies the stored chain from its anchor to its head against the signed checkpoints. */
  async verify(tenantId: string, control: JobControl = inlineControl()): Promise<VerifyResult> {
    return this.verifyChain(await this.storedChain(tenantId), control);
  }

  /** Verifies a chain read before (storedChain), as the route that reads its length first does. */
  verifyChain(chain: StoredChain, control: JobControl): Promise<VerifyResult> {
    return verifyStoredChain(this.tenantDbs.forTenant(chain.tenantId), chain, control);
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
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
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
    if (requestedBy)
      await this.audit.record({
        tenantId,
        actor: requestedBy,
        action: 'audit.checkpoint',
        outcome: 'success',
      });
    // The key first: a tenant's first key is created (and audited) on first use.
    const key = (await this.keys.ring(tenantId)).activeKey();
    const head = await this.tenantDbs.forTenant(tenantId).auditHead.findUnique({ where: { tenantId } });
    if (!head || head.seq === 0n) return false;
    const last = await this.tenantDbs
      .forTenant(tenantId)
      .auditCheckpoint.findFirst({ where: { tenantId, kind: 'head' }, orderBy: { seq: 'desc' } });
    if (last && last.seq >= head.seq) return false;
    const time = new Date();
    const jws = await signCheckpoint(
      { tenantId, seq: Number(head.seq), headHash: head.hash, time: time.toISOString() },
      { key: key.privateKey, kid: key.kid, alg: key.alg },
    );
    // Stored only if the head it names is in the chain (audit_write_checkpoint checks).
    const raw = tenantSql(this.tenantDbs.forTenant(tenantId), tenantId);
    const [row] = await raw.query<{ written: boolean }[]>(Prisma.sql`
      SELECT audit_write_checkpoint(${raw.tenant}, ${head.seq}::bigint, ${head.hash}, ${time}::timestamptz, ${jws}) AS "written"`);
    if (!row?.written) return false;
    await this.sinks.dispatchNow(tenantId, [], jws);
    this.pushCheckpoint(tenantId, jws);
    return true;
  }

  /** Outside the database: a truncated tail or a full rewrite cannot take these along. */
  private pushCheckpoint(tenantId: string, jws: string): void {
    const file = this.checkpointFile(tenantId);
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${jws}\n`);
  }

  /**
   * Removes events past retention up to the newest head checkpoint below which every event is
   * past it, through audit_apply_retention (which checks both again), and leaves a signed
   * retention checkpoint there: verification accepts a chain that starts after it. The events go
   * a window of seq per transaction, with `control` between two (progress, a turn of the event
   * loop, a stop): no statement works through a tenant's whole past, which on the embedded
   * database would hold up every tenant's requests. Stopped midway, what is left goes on the
   * next run (the retention checkpoint, written with the first window, already says where the
   * chain now starts).
   */
  async applyRetention(tenantId: string, control: JobControl = inlineControl()): Promise<number> {
    const db = this.tenantDbs.forTenant(tenantId);
    const tenant = await db.tenant.findUnique({ where: { id: tenantId } });
    if (!tenant) return 0;
    // The database's clock decides (the function checks against it), so ask it for the cutoff.
    const raw = tenantSql(db, tenantId);
    const [{ cutoff }] = (await raw.query<{ cutoff: Date }[]>(
      Prisma.sql`SELECT now() - make_interval(days => "auditRetentionDays") AS "cutoff" FROM "Tenant" WHERE "id" = ${raw.tenant}`,
    )) as [{ cutoff: Date }];
    const kept = await db.auditEvent.findFirst({
      where: { tenantId, time: { gte: cutoff } },
      orderBy: { seq: 'asc' },
      select: { seq: true },
    });
    const anchor = await db.auditCheckpoint.findFirst({
      where: { tenantId, kind: 'head', ...(kept ? { seq: { lt: kept.seq } } : {}) },
      orderBy: { seq: 'desc' },
    });
    if (!anchor) return 0;
    const first = await db.auditEvent.findFirst({
      where: { tenantId },
      orderBy: { seq: 'asc' },
      select: { seq: true },
    });
    if (!first || first.seq > anchor.seq) return 0; // already removed up to there
    const key = (await this.keys.ring(tenantId)).activeKey();
    const time = new Date();
    const jws = await signCheckpoint(
      {
        tenantId,
        seq: Number(anchor.seq),
        headHash: anchor.headHash,
        time: time.toISOString(),
        kind: 'retention',
        cutoff: cutoff.toISOString(),
      },
      { key: key.privateKey, kid: key.kid, alg: key.alg },
    );
    const total = Number(anchor.seq - first.seq + 1n);
    let deleted = 0;
    for (let after = first.seq - 1n; after < anchor.seq;) {
      const upTo = after + RETENTION_WINDOW < anchor.seq ? after + RETENTION_WINDOW : anchor.seq;
      const removed = await db.$transaction(async (tx) => {
        const inTx = tenantSql(tx, tenantId);
        const [row] = await inTx.query<{ removed: bigint }[]>(Prisma.sql`
          SELECT audit_apply_retention(${inTx.tenant}, ${anchor.seq}::bigint, ${time}::timestamptz, ${jws},
            ${after}::bigint, ${upTo}::bigint) AS "removed"`);
        const count = Number(row!.removed);
        // The trail says what left it: how many, up to which anchor, and under which rule.
        if (upTo === anchor.seq)
          await this.audit.record(
            {
              tenantId,
              actor: { type: 'system', id: 'audit-retention' },
              action: 'audit.retention_applied',
              outcome: 'success',
              details: {
                deleted: deleted + count,
                throughSeq: Number(anchor.seq),
                retentionDays: tenant.auditRetentionDays,
                cutoff: cutoff.toISOString(),
              },
            },
            tx,
          );
        return count;
      });
      if (after < first.seq) this.pushCheckpoint(tenantId, jws); // written by the first window
      deleted += removed;
      after = upTo;
      await control.page(Number(after - first.seq + 1n), total);
    }
    return deleted;
  }
}

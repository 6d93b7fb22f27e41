// Managing a tenant's audit sinks (webhooks and JSON-lines files): every change is audited in
// its own transaction. Sending to them is SinkDelivery's job.
import { Inject, Injectable } from '@nestjs/common';
import type { AuditSink } from '@portcullis/db';
import { SecretBox, randomToken } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { AppError, notFound } from '../common/errors';
import { SECRET_BOX } from '../infra/secret-box';
import type { TenantContext } from '../common/principal';
import { PlatformOutbound, assertSafeUpstream } from '../infra/outbound';
import { AuditService, type AdminAuditRecord } from './audit.service';
import { SinkDelivery, sinkSecretAad } from './sink-delivery.service';

export function sinkView(s: AuditSink) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    url: s.url,
    actions: s.actions,
    enabled: s.enabled,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** The audit record of a change to `sink` (a URL is shown without its query, which may hold a token). */
function sinkEvent(
  t: TenantContext,
  action: 'sink.created' | 'sink.updated' | 'sink.deleted' | 'sink.delivery_redriven',
  sink: AuditSink,
  details: Record<string, unknown>,
): AdminAuditRecord {
  return { action, target: { type: 'sink', id: sink.id, label: sink.name }, outcome: 'success', details };
}

function redactedUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  return u.toString();
}

@Injectable()
export class SinksService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly delivery: SinkDelivery,
    private readonly outbound: PlatformOutbound,
  ) {}

  async create(
    t: TenantContext,
    input: { name: string; kind: 'webhook' | 'jsonl'; url?: string; actions: string[] },
  ) {
    if (input.kind === 'webhook') {
      if (!input.url)
        throw new AppError('validation_failed', 'A webhook needs a URL.', {
          errors: [{ path: 'url', message: 'Required for webhooks.' }],
        });
      await assertSafeUpstream(this.outbound, input.url, 'url');
    } else if (!this.config.AUDIT_SINK_DIR) {
      throw new AppError(
        'validation_failed',
        'JSON-lines sinks need AUDIT_SINK_DIR configured on the server.',
        { errors: [{ path: 'kind', message: 'Not configured.' }] },
      );
    }
    const secret = input.kind === 'webhook' ? `whsec_${randomToken(32)}` : null;
    const id = crypto.randomUUID();
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const created = await t.db.auditSink.create({
        data: {
          id,
          tenantId: t.tenantId,
          name: input.name,
          kind: input.kind,
          url: input.url ?? null,
          actions: input.actions,
          secretSealed: secret ? this.box.seal(secret, sinkSecretAad(t.tenantId, id)) : null,
        },
      });
      await audit(
        sinkEvent(t, 'sink.created', created, {
          kind: created.kind,
          url: redactedUrl(created.url),
          actions: created.actions,
        }),
      );
      return created;
    });
    return { sink: sinkView(row), signingSecret: secret };
  }

  async list(t: TenantContext) {
    return (await t.db.auditSink.findMany({ orderBy: { createdAt: 'asc' } })).map(sinkView);
  }

  async update(
    t: TenantContext,
    id: string,
    patch: { name?: string; enabled?: boolean; actions?: string[]; url?: string },
  ) {
    if (!(await t.db.auditSink.findUnique({ where: { id } }))) throw notFound('Sink');
    if (patch.url) await assertSafeUpstream(this.outbound, patch.url, 'url');
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.auditSink.update({ where: { id }, data: patch });
      await audit(
        sinkEvent(t, 'sink.updated', updated, {
          ...patch,
          ...(patch.url ? { url: redactedUrl(patch.url) } : {}),
        }),
      );
      return updated;
    });
    return sinkView(row);
  }

  async remove(t: TenantContext, id: string) {
    const sink = await t.db.auditSink.findUnique({ where: { id } });
    if (!sink) throw notFound('Sink');
    await this.audit.inTransaction(t, async (t, audit) => {
      await t.db.auditDelivery.deleteMany({ where: { sinkId: id } });
      await t.db.auditSink.delete({ where: { id } });
      await audit(sinkEvent(t, 'sink.deleted', sink, { kind: sink.kind }));
    });
  }

  async deliveries(t: TenantContext, sinkId: string, status?: string) {
    if (!(await t.db.auditSink.findUnique({ where: { id: sinkId } }))) throw notFound('Sink');
    const rows = await t.db.auditDelivery.findMany({
      where: { sinkId, ...(status ? { status } : {}) },
      orderBy: { createdAt: 'desc' },
      take: 100,
    });
    return rows.map((d) => ({
      id: d.id,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      events: d.eventIds.length,
      checkpoint: d.checkpointJws !== null,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    }));
  }

  /** Re-drive a dead letter: back to pending, a fresh round of retries (queued once committed). */
  async redrive(t: TenantContext, sinkId: string, deliveryId: string) {
    const d = await t.db.auditDelivery.findUnique({ where: { id: deliveryId } });
    if (!d || d.sinkId !== sinkId) throw notFound('Delivery');
    if (d.status !== 'dead') throw new AppError('conflict', 'Only dead letters can be re-driven.');
    const sink = await t.db.auditSink.findUniqueOrThrow({ where: { id: sinkId } });
    await this.audit.inTransaction(t, async (t, audit) => {
      await t.db.auditDelivery.update({
        where: { id: deliveryId },
        data: { status: 'pending', attempts: 0, lastError: null },
      });
      await audit(
        sinkEvent(t, 'sink.delivery_redriven', sink, {
          deliveryId,
          events: d.eventIds.length,
          lastError: d.lastError,
        }),
      );
    });
    this.delivery.handOff([deliveryId], { fresh: true });
    return { queued: true };
  }
}

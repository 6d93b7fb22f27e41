import { Inject, Injectable } from '@nestjs/common';
import { Db, afterCommit } from '@portcullis/db';
import type { Tenant as TenantRow } from '@portcullis/db';
import type { Tenant, UpdateTenantRequest } from '@portcullis/sdk';
import { InvalidationBus } from '../infra/invalidation';
import { AppError } from '../common/errors';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import type { TenantContext } from '../common/principal';
import { AuditService } from '../audit/audit.service';

export function toTenantView(t: TenantRow): Tenant {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    timeZone: t.timeZone,
    clientRegistration: t.clientRegistration,
    refreshIdleDays: t.refreshIdleDays,
    refreshMaxDays: t.refreshMaxDays,
    createdAt: t.createdAt.toISOString(),
  };
}

/** Slugs that would collide with routes or read as official. */
const RESERVED_SLUGS = new Set([
  'api',
  'admin',
  'www',
  'mcp',
  'oauth',
  'well-known',
  'static',
  'console',
  'portcullis',
]);

@Injectable()
export class TenantsService {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly audit: AuditService,
    private readonly bus: InvalidationBus,
  ) {}

  /** Refuses a reserved or taken slug (checked again, atomically, when the tenant is created). */
  async assertSlugAvailable(slug: string, tx: Pick<Db, 'tenant'> = this.db): Promise<void> {
    if (RESERVED_SLUGS.has(slug)) {
      throw new AppError('validation_failed', 'That slug is reserved.', {
        errors: [{ path: 'slug', message: 'Reserved.' }],
      });
    }
    const taken = await tx.tenant.findUnique({ where: { slug } });
    if (taken)
      throw new AppError('conflict', 'That tenant slug is taken.', {
        errors: [{ path: 'tenantSlug', message: 'Taken.' }],
      });
  }

  /** A new tenant with `userId` as its owner, atomically. */
  async createWithOwner(
    userId: string,
    name: string,
    slug: string,
    tx?: Pick<Db, 'tenant'>,
  ): Promise<TenantRow> {
    if (!tx) return this.db.$transaction((t) => this.createWithOwner(userId, name, slug, t));
    await this.assertSlugAvailable(slug, tx);
    const tenant = await tx.tenant.create({
      data: { name, slug, memberships: { create: { userId, role: 'owner' } } },
    });
    await this.audit.record(
      {
        tenantId: tenant.id,
        actor: { type: 'user', id: userId },
        action: 'tenant.created',
        target: { type: 'tenant', id: tenant.id, label: slug },
        outcome: 'success',
      },
      tx,
    );
    // Every node may have cached this slug as unknown (a lookup before the sign-up): the bump
    // makes those absent entries stale at once, so the new issuer and gateway answer everywhere.
    afterCommit(tx, () => void this.bus.publish({ kind: 'tenant', tenantId: tenant.id }));
    return tenant;
  }

  async get(t: TenantContext): Promise<Tenant> {
    const row = await t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } });
    return toTenantView(row);
  }

  async update(t: TenantContext, patch: UpdateTenantRequest): Promise<Tenant> {
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const current = await t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } });
      if (
        (patch.refreshIdleDays ?? current.refreshIdleDays) > (patch.refreshMaxDays ?? current.refreshMaxDays)
      ) {
        throw new AppError(
          'validation_failed',
          'A refresh token cannot stay valid unused for longer than its whole life.',
          {
            errors: [{ path: 'refreshIdleDays', message: 'At most the maximum lifetime.' }],
          },
        );
      }
      const updated = await t.db.tenant.update({ where: { id: t.tenantId }, data: patch });
      await audit({
        action: 'tenant.updated',
        target: { type: 'tenant', id: t.tenantId, label: updated.slug },
        outcome: 'success',
        details: { ...patch },
      });
      return updated;
    });
    // Cached tenant settings (time zone, client registration) change everywhere at once.
    await this.bus.publish({ kind: 'tenant', tenantId: t.tenantId });
    return toTenantView(row);
  }
}

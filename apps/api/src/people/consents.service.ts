// Consents, as members see their own (in every tenant they belong to) and admins see their
// tenant's. Revoking one deletes it, revokes the grants (refresh-token families) and access
// tokens of that client for that member and server, and drops the member from every node's
// cache: the client's next call at the gateway is refused.
import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@portcullis/db';
import type { Consent } from '@portcullis/sdk';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { notFound } from '../common/errors';
import { PLATFORM_DB, PlatformDb, TenantDbFactory } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
import { GrantFamilies } from '../oauth/grant-families';

const include = {
  client: { select: { id: true, clientId: true, name: true, verifiedAt: true, status: true } },
  server: { select: { id: true, slug: true, name: true } },
} as const;

type ConsentRow = Prisma.OAuthConsentGetPayload<{ include: typeof include }>;

@Injectable()
export class ConsentsService {
  constructor(
    // Only for a person's own consents, across their organizations.
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly tenantDbs: TenantDbFactory,
    private readonly families: GrantFamilies,
    private readonly audit: AuditService,
    private readonly bus: InvalidationBus,
  ) {}

  private async views(rows: ConsentRow[]): Promise<Consent[]> {
    if (rows.length === 0) return [];
    const [tenants, users, grants] = await Promise.all([
      this.db.tenant.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.tenantId))] } },
        select: { id: true, slug: true, name: true },
      }),
      this.db.user.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.userId))] } },
        select: { id: true, email: true, name: true },
      }),
      this.db.oAuthGrant.groupBy({
        by: ['clientRowId', 'userId', 'serverId'],
        where: { revokedAt: null, clientRowId: { in: rows.map((r) => r.clientRowId) } },
        _max: { lastUsedAt: true },
      }),
    ]);
    const tenantById = new Map(tenants.map((t) => [t.id, t]));
    const userById = new Map(users.map((u) => [u.id, u]));
    const lastUsed = new Map(
      grants.map((g) => [`${g.clientRowId}/${g.userId}/${g.serverId}`, g._max.lastUsedAt]),
    );
    return rows.map((r) => {
      const user = userById.get(r.userId);
      return {
        id: r.id,
        tenant: tenantById.get(r.tenantId)!,
        member: { userId: r.userId, email: user?.email ?? '', name: user?.name ?? '' },
        client: {
          id: r.client.id,
          clientId: r.client.clientId,
          name: r.client.name,
          verified: r.client.verifiedAt !== null,
          status: r.client.status,
        },
        server: r.server,
        scopes: r.scopes,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        lastUsedAt: lastUsed.get(`${r.clientRowId}/${r.userId}/${r.serverId}`)?.toISOString() ?? null,
      };
    });
  }

  async listForUser(userId: string): Promise<Consent[]> {
    return this.views(
      await this.db.oAuthConsent.findMany({ where: { userId }, include, orderBy: { createdAt: 'desc' } }),
    );
  }

  async listForTenant(tenantId: string): Promise<Consent[]> {
    return this.views(
      await this.tenantDbs
        .forTenant(tenantId)
        .oAuthConsent.findMany({ include, orderBy: { createdAt: 'desc' } }),
    );
  }

  /** Revokes one of the person's own consents (any tenant of theirs). */
  async revokeOwn(userId: string, id: string): Promise<void> {
    const row = await this.db.oAuthConsent.findFirst({ where: { id, userId }, include });
    if (!row) throw notFound('Consent');
    await this.revoke(row, { type: 'user', id: userId });
  }

  /** An admin revokes a consent of their tenant. */
  async revokeInTenant(tenantId: string, id: string, actor: AuditActor): Promise<void> {
    const row = await this.tenantDbs.forTenant(tenantId).oAuthConsent.findFirst({ where: { id }, include });
    if (!row) throw notFound('Consent');
    await this.revoke(row, actor);
  }

  private async revoke(row: ConsentRow, actor: AuditActor): Promise<void> {
    await this.tenantDbs.forTenant(row.tenantId).$transaction(async (tx) => {
      await tx.oAuthConsent.delete({ where: { id: row.id } });
      const revoked = await this.families.revoke(
        { tenantId: row.tenantId, userId: row.userId, clientRowId: row.clientRowId, serverId: row.serverId },
        'consent_revoked',
        tx,
      );
      await this.audit.record(
        {
          tenantId: row.tenantId,
          actor,
          action: 'consent.revoked',
          target: { type: 'user', id: row.userId },
          outcome: 'success',
          details: {
            client: { id: row.client.clientId, name: row.client.name },
            server: row.server.slug,
            revokedGrants: revoked.length,
          },
        },
        tx,
      );
    });
    await this.bus.publish({ kind: 'member', tenantId: row.tenantId, userId: row.userId });
  }
}

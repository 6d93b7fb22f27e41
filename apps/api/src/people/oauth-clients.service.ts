// People's MCP hosts as admins see them: registered dynamically or by metadata document,
// pending approval, verified or not. Approving, verifying, disabling and removing are audited;
// disabling or removing revokes every grant and access token of the client at once.
import { Injectable } from '@nestjs/common';
import { redirectTarget } from '@portcullis/auth-core';
import type { OAuthClient } from '@portcullis/db';
import type { OAuthClientView } from '@portcullis/sdk';
import { AuditService } from '../audit/audit.service';
import type { TenantContext } from '../common/principal';
import { notFound } from '../common/errors';
import { InvalidationBus } from '../infra/invalidation';
import { GrantFamilies } from '../oauth/grant-families';

export function oauthClientView(c: OAuthClient & { _count?: { consents: number } }): OAuthClientView {
  return {
    id: c.id,
    clientId: c.clientId,
    kind: c.kind,
    status: c.status,
    name: c.name,
    clientUri: c.clientUri,
    redirectUris: c.redirectUris,
    redirectTargets: [...new Set(c.redirectUris.map(redirectTarget))],
    authMethod: c.authMethod,
    applicationType: c.applicationType,
    verified: c.verifiedAt !== null,
    softwareId: c.softwareId,
    softwareVersion: c.softwareVersion,
    consents: c._count?.consents ?? 0,
    createdAt: c.createdAt.toISOString(),
  };
}

const withCount = { _count: { select: { consents: true } } } as const;

@Injectable()
export class OAuthClientsService {
  constructor(
    private readonly audit: AuditService,
    private readonly bus: InvalidationBus,
    private readonly families: GrantFamilies,
  ) {}

  async list(t: TenantContext): Promise<OAuthClientView[]> {
    const rows = await t.db.oAuthClient.findMany({ include: withCount, orderBy: { createdAt: 'desc' } });
    return rows.map(oauthClientView);
  }

  private async find(t: TenantContext, id: string) {
    const row = await t.db.oAuthClient.findUnique({ where: { id } });
    if (!row) throw notFound('Client');
    return row;
  }

  async update(
    t: TenantContext,
    id: string,
    patch: { status?: 'active' | 'disabled'; verified?: boolean },
  ): Promise<OAuthClientView> {
    const before = await this.find(t, id);
    const action =
      patch.status === 'disabled' && before.status !== 'disabled'
        ? 'oauth_client.disabled'
        : patch.status === 'active' && before.status === 'pending'
          ? 'oauth_client.approved'
          : 'oauth_client.updated';
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.oAuthClient.update({
        where: { id },
        data: {
          ...(patch.status ? { status: patch.status } : {}),
          ...(patch.verified !== undefined
            ? { verifiedAt: patch.verified ? (before.verifiedAt ?? new Date()) : null }
            : {}),
        },
        include: withCount,
      });
      if (action === 'oauth_client.disabled')
        await this.families.revoke({ tenantId: t.tenantId, clientRowId: id }, 'client_disabled', t.db);
      await audit({
        action,
        target: { type: 'oauth_client', id, label: before.name ?? before.clientId },
        outcome: 'success',
        details: {
          clientId: before.clientId,
          from: { status: before.status, verified: before.verifiedAt !== null },
          to: patch,
        },
      });
      return updated;
    });
    await this.bus.publish({ kind: 'oauthClient', tenantId: t.tenantId, clientId: before.clientId });
    return oauthClientView(row);
  }

  async remove(t: TenantContext, id: string): Promise<void> {
    const before = await this.find(t, id);
    await this.audit.inTransaction(t, async (t, audit) => {
      // The grants go with the row (cascade); their access tokens are denied first.
      await this.families.revoke({ tenantId: t.tenantId, clientRowId: id }, 'client_removed', t.db);
      await t.db.oAuthClient.delete({ where: { id } });
      await audit({
        action: 'oauth_client.removed',
        target: { type: 'oauth_client', id, label: before.name ?? before.clientId },
        outcome: 'success',
        details: { clientId: before.clientId, kind: before.kind },
      });
    });
    await this.bus.publish({ kind: 'oauthClient', tenantId: t.tenantId, clientId: before.clientId });
    // Members' cached consents of this client are gone with it.
    await this.bus.publish({ kind: 'member', tenantId: t.tenantId });
  }
}

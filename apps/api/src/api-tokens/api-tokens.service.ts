import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type TenantDb } from '@portcullis/db';
import type { AdminApiToken, Role } from '@portcullis/db';
import { SecretHasher, displayPrefix, isWellFormedSecret, mintPrefixedSecret } from '@portcullis/auth-core';
import type { ApiToken, CreateApiTokenRequest } from '@portcullis/sdk';
import { notFound } from '../common/errors';
import { PLATFORM_DB, PlatformDb, TenantDbFactory } from '../infra/database';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { SECRET_HASHER } from '../infra/core.module';
import { roleAllows } from '../common/access';
import type { Principal, TenantContext } from '../common/principal';

/** Admin API tokens: `pcat_` + 256 random bits + CRC32, so secret scanners can spot a leak. */
export const API_TOKEN_PREFIX = 'pcat';
const LAST_USED_RESOLUTION_MS = 60_000;

export function toApiTokenView(t: AdminApiToken, now = Date.now()): ApiToken {
  const status = t.revokedAt ? 'revoked' : t.expiresAt.getTime() <= now ? 'expired' : 'active';
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role as ApiToken['role'],
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    status,
  };
}

@Injectable()
export class ApiTokensService {
  constructor(
    // Only to find a presented token by its hash: the token names its tenant.
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly tenantDbs: TenantDbFactory,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly audit: AuditService,
  ) {}

  async list(t: TenantContext): Promise<ApiToken[]> {
    const rows = await t.db.adminApiToken.findMany({ orderBy: { createdAt: 'desc' } });
    return rows.map((r) => toApiTokenView(r));
  }

  async create(
    t: TenantContext,
    input: Required<CreateApiTokenRequest>,
  ): Promise<{ apiToken: ApiToken; token: string }> {
    // No privilege escalation: an auditor never reaches here (write access), and a token is
    // never more than admin.
    const token = mintPrefixedSecret(API_TOKEN_PREFIX);
    const row = await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      const created = await tx.adminApiToken.create({
        data: {
          tenantId: t.tenantId,
          name: input.name,
          role: input.role,
          prefix: displayPrefix(token),
          tokenHash: this.hasher.hash(token),
          // A token made by a token belongs to the same person: it ends with their membership.
          createdById: t.principal.userId,
          expiresAt: new Date(Date.now() + input.expiresInDays * 86400_000),
        },
      });
      await audit({
        action: 'api_token.created',
        target: { type: 'api_token', id: created.id, label: created.name },
        outcome: 'success',
        details: { role: created.role, prefix: created.prefix },
      });
      return created;
    });
    return { apiToken: toApiTokenView(row), token };
  }

  async revoke(t: TenantContext, id: string): Promise<ApiToken> {
    const existing = await t.db.adminApiToken.findUnique({ where: { id } });
    if (!existing) throw notFound('API token');
    if (existing.revokedAt) return toApiTokenView(existing);
    const row = await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      const revoked = await tx.adminApiToken.update({ where: { id }, data: { revokedAt: new Date() } });
      await audit({
        action: 'api_token.revoked',
        target: { type: 'api_token', id, label: revoked.name },
        outcome: 'success',
      });
      return revoked;
    });
    return toApiTokenView(row);
  }

  /**
   * The principal for a presented token, or null. Malformed tokens never reach the database. A
   * token is never more than its creator is now: gone or demoted below its role, it stops working
   * even before the revocation that removal writes.
   */
  async authenticate(token: string): Promise<(Principal & { kind: 'apiToken' }) | null> {
    if (!isWellFormedSecret(token, API_TOKEN_PREFIX)) return null;
    const row = await this.db.adminApiToken.findUnique({ where: { tokenHash: this.hasher.hash(token) } });
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now() || !row.createdById) return null;
    const tenantDb = this.tenantDbs.forTenant(row.tenantId);
    const creator = await tenantDb.membership.findUnique({
      where: { tenantId_userId: { tenantId: row.tenantId, userId: row.createdById } },
    });
    if (!creator || !roleAllows(row.role === 'admin' ? 'write' : 'read', creator.role)) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await tenantDb.adminApiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
    }
    return {
      kind: 'apiToken',
      tokenId: row.id,
      tenantId: row.tenantId,
      role: row.role,
      userId: row.createdById,
    };
  }
}

/**
 * Revokes, in the caller's transaction, the tokens a person made in a tenant that their role no
 * longer covers (all of them when `role` is null: they left).
 */
export async function revokeTokensBeyond(
  tx: Pick<TenantDb, 'adminApiToken'> | Pick<Prisma.TransactionClient, 'adminApiToken'>,
  audit: AuditService,
  who: { tenantId: string; userId: string; role: Role | null; actor: AuditActor },
): Promise<number> {
  const roles: Role[] =
    who.role === null ? ['admin', 'auditor'] : roleAllows('write', who.role) ? [] : ['admin'];
  if (roles.length === 0) return 0;
  const tokens = tx.adminApiToken as Pick<TenantDb, 'adminApiToken'>['adminApiToken'];
  const doomed = await tokens.findMany({
    where: { tenantId: who.tenantId, createdById: who.userId, revokedAt: null, role: { in: roles } },
  });
  if (doomed.length === 0) return 0;
  await tokens.updateMany({
    where: { id: { in: doomed.map((d) => d.id) } },
    data: { revokedAt: new Date() },
  });
  for (const d of doomed) {
    await audit.record(
      {
        tenantId: who.tenantId,
        actor: who.actor,
        action: 'api_token.revoked',
        target: { type: 'api_token', id: d.id, label: d.name },
        outcome: 'success',
        reason: who.role === null ? 'its creator left the tenant' : `its creator is now ${who.role}`,
      },
      tx as object,
    );
  }
  return doomed.length;
}

import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@portcullis/db';
import type { AdminApiToken } from '@portcullis/db';
import { SecretHasher, displayPrefix, isWellFormedSecret, mintPrefixedSecret } from '@portcullis/auth-core';
import type { ApiToken, CreateApiTokenRequest } from '@portcullis/sdk';
import { notFound } from '../common/errors';
import { DB } from '../infra/database';
import { AuditService, actorOf } from '../audit/audit.service';
import { SECRET_HASHER } from '../infra/core.module';
import type { Principal, TenantContext } from '../auth/principal';

/** Admin API tokens: `pcat_` + 256 random bits + CRC32, so secret scanners can spot a leak. */
export const API_TOKEN_PREFIX = 'pcat';
const LAST_USED_RESOLUTION_MS = 60_000;

export function toApiTokenView(t: AdminApiToken, now = Date.now()): ApiToken {
  const status = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt.getTime() <= now ? 'expired' : 'active';
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role as ApiToken['role'],
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    status,
  };
}

@Injectable()
export class ApiTokensService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly audit: AuditService,
  ) {}

  async list(t: TenantContext): Promise<ApiToken[]> {
    const rows = await t.db.adminApiToken.findMany({ orderBy: { createdAt: 'desc' } });
    return rows.map((r) => toApiTokenView(r));
  }

  async create(t: TenantContext, input: Required<CreateApiTokenRequest>): Promise<{ apiToken: ApiToken; token: string }> {
    // No privilege escalation: an auditor never reaches here (write access), and a token is
    // never more than admin.
    const token = mintPrefixedSecret(API_TOKEN_PREFIX);
    const row = await t.db.$transaction(async (tx) => {
      const created = await tx.adminApiToken.create({
      data: {
        tenantId: t.tenantId,
        name: input.name,
        role: input.role,
        prefix: displayPrefix(token),
        tokenHash: this.hasher.hash(token),
        createdById: t.principal.kind === 'user' ? t.principal.userId : null,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
      },
      });
      await this.audit.record(
        { tenantId: t.tenantId, actor: actorOf(t.principal), action: 'api_token.created', target: { type: 'api_token', id: created.id, label: created.name }, outcome: 'success', details: { role: created.role, prefix: created.prefix } },
        tx,
      );
      return created;
    });
    return { apiToken: toApiTokenView(row), token };
  }

  async revoke(t: TenantContext, id: string): Promise<ApiToken> {
    const existing = await t.db.adminApiToken.findUnique({ where: { id } });
    if (!existing) throw notFound('API token');
    if (existing.revokedAt) return toApiTokenView(existing);
    const row = await t.db.$transaction(async (tx) => {
      const revoked = await tx.adminApiToken.update({ where: { id }, data: { revokedAt: new Date() } });
      await this.audit.record({ tenantId: t.tenantId, actor: actorOf(t.principal), action: 'api_token.revoked', target: { type: 'api_token', id, label: revoked.name }, outcome: 'success' }, tx);
      return revoked;
    });
    return toApiTokenView(row);
  }

  /** The principal for a presented token, or null. Malformed tokens never reach the database. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!isWellFormedSecret(token, API_TOKEN_PREFIX)) return null;
    const row = await this.db.adminApiToken.findUnique({ where: { tokenHash: this.hasher.hash(token) } });
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.db.adminApiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
    }
    return { kind: 'apiToken', tokenId: row.id, tenantId: row.tenantId, role: row.role };
  }
}

export function assertUuid(id: string, what: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound(what);
}


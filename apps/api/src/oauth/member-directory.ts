// Members as the gateway and the token endpoint see them, in memory: their role, what they may
// use on each server (their role's grant and their own, added up), and which clients they let
// act for them on which server. On the coherent cache (infra/cache): a change to a member, a
// grant or a consent moves the tenant's generation, so removing a member or revoking a consent
// ends their access on every node within CACHE_MAX_STALENESS_MS.
import { Injectable } from '@nestjs/common';
import { type Role } from '@portcullis/db';
import { unionGrants, type GrantRules } from '@portcullis/mcp-pipeline';
import { grantRulesOf } from '../agents/grants';
import { TenantDbFactory } from '../infra/database';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';

export interface CachedMember {
  tenantId: string;
  userId: string;
  membershipId: string;
  email: string;
  name: string;
  role: Role;
  /** By server id: the member's rights there. */
  grants: ReadonlyMap<string, GrantRules>;
  /** By `${clientRowId}/${serverId}`: the scopes the member consented to. */
  consents: ReadonlyMap<string, readonly string[]>;
}

export const consentKey = (clientRowId: string, serverId: string) => `${clientRowId}/${serverId}`;

@Injectable()
export class MemberDirectory {
  private readonly cache: CoherentCache<{ tenantId: string; userId: string }, CachedMember | null>;

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    caches: CacheCoherence,
  ) {
    this.cache = caches.cache({
      name: 'members',
      keyOf: (k) => `${k.tenantId}/${k.userId}`,
      tenantOfKey: (k) => k.tenantId,
      load: (k) => this.load(k.tenantId, k.userId),
      missingTtlMs: 5_000,
      max: 100_000,
    });
  }

  get(tenantId: string, userId: string): Promise<CachedMember | null> {
    if (!/^[0-9a-f-]{36}$/.test(userId)) return Promise.resolve(null);
    return this.cache.get({ tenantId, userId });
  }

  private async load(tenantId: string, userId: string): Promise<CachedMember | null> {
    const db = this.tenantDbs.forTenant(tenantId);
    const m = await db.membership.findUnique({
      where: { tenantId_userId: { tenantId, userId } },
      include: { user: true },
    });
    if (!m) return null;
    const [rows, consents] = await Promise.all([
      db.memberGrant.findMany({ where: { OR: [{ role: m.role }, { membershipId: m.id }] } }),
      db.oAuthConsent.findMany({ where: { userId } }),
    ]);
    const byServer = new Map<string, GrantRules[]>();
    for (const r of rows) byServer.set(r.serverId, [...(byServer.get(r.serverId) ?? []), grantRulesOf(r)]);
    const grants = new Map<string, GrantRules>();
    for (const [serverId, list] of byServer) grants.set(serverId, unionGrants(list)!);
    return {
      tenantId,
      userId,
      membershipId: m.id,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
      grants,
      consents: new Map(consents.map((c) => [consentKey(c.clientRowId, c.serverId), c.scopes])),
    };
  }
}

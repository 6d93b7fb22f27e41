// Members as the gateway and the token endpoint see them, in memory: their role, what they may
// use on each server (their role's grant and their own, added up), and which clients they let
// act for them on which server. Dropped on every node when a member, a grant or a consent
// changes, so removing a member or revoking a consent ends their access at once.
import { Inject, Injectable } from '@nestjs/common';
import { Db, type Role } from '@portcullis/db';
import { unionGrants, type GrantRules } from '@portcullis/mcp-pipeline';
import { grantRulesOf } from '../agents/grants';
import { DB } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';

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

const TTL_MS = 60_000;
const MISSING_TTL_MS = 5_000;

@Injectable()
export class MemberDirectory {
  private readonly cache = new Map<string, { value: Promise<CachedMember | null>; expiresAt: number; tenantId: string; userId: string }>();

  constructor(@Inject(DB) private readonly db: Db, bus: InvalidationBus) {
    bus.on((e) => {
      if (e.kind !== 'member' && e.kind !== 'server' && e.kind !== 'tenant') return;
      const userId = e.kind === 'member' ? e.userId : undefined;
      for (const [k, v] of this.cache) {
        if (v.tenantId === e.tenantId && (userId === undefined || v.userId === userId)) this.cache.delete(k);
      }
    });
  }

  get(tenantId: string, userId: string): Promise<CachedMember | null> {
    const k = `${tenantId}/${userId}`;
    const now = Date.now();
    const hit = this.cache.get(k);
    if (hit && hit.expiresAt > now) return hit.value;
    if (!/^[0-9a-f-]{36}$/.test(userId)) return Promise.resolve(null);
    if (this.cache.size > 100_000) this.cache.clear();
    const entry = { value: this.load(tenantId, userId), expiresAt: now + TTL_MS, tenantId, userId };
    this.cache.set(k, entry);
    entry.value.then((m) => !m && (entry.expiresAt = now + MISSING_TTL_MS), () => this.cache.delete(k));
    return entry.value;
  }

  private async load(tenantId: string, userId: string): Promise<CachedMember | null> {
    const m = await this.db.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } }, include: { user: true } });
    if (!m) return null;
    const [rows, consents] = await Promise.all([
      this.db.memberGrant.findMany({ where: { tenantId, OR: [{ role: m.role }, { membershipId: m.id }] } }),
      this.db.oAuthConsent.findMany({ where: { tenantId, userId } }),
    ]);
    const byServer = new Map<string, GrantRules[]>();
    for (const r of rows) byServer.set(r.serverId, [...(byServer.get(r.serverId) ?? []), grantRulesOf(r)]);
    const grants = new Map<string, GrantRules>();
    for (const [serverId, list] of byServer) grants.set(serverId, unionGrants(list)!);
    return {
      tenantId, userId, membershipId: m.id, email: m.user.email, name: m.user.name, role: m.role, grants,
      consents: new Map(consents.map((c) => [consentKey(c.clientRowId, c.serverId), c.scopes])),
    };
  }
}

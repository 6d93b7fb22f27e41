// Token state shared by every node: the deny-list of revoked access tokens (in the database,
// kept until the token would have expired anyway; each node holds a tenant's live list in
// memory, checked on every call) and the replay cache of private_key_jwt assertions (Redis).
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ReplayStore } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { REDIS } from '../infra/redis';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';

@Injectable()
export class TokenState implements ReplayStore {
  private readonly prefix: string;
  private readonly revoked: CoherentCache<string, ReadonlySet<string>>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly tenantDbs: TenantDbFactory,
    @Inject(CONFIG) config: AppConfig,
    caches: CacheCoherence,
  ) {
    this.prefix = config.REDIS_PREFIX;
    this.revoked = caches.cache({
      name: 'revocations',
      tenantOfKey: (tenantId) => tenantId,
      load: (tenantId) => this.loadRevoked(tenantId),
    });
  }

  /** ReplayStore: true the first time a key is seen within its TTL. */
  async markIfNew(key: string, ttlSec: number): Promise<boolean> {
    const ok = await this.redis.set(
      `${this.prefix}:jti:assertion:${key}`,
      '1',
      'EX',
      Math.max(1, Math.ceil(ttlSec)),
      'NX',
    );
    return ok === 'OK';
  }

  /** Records the revocation; the caller then announces it (a change of the tenant). */
  async revoke(tenantId: string, jti: string, expiresAtSec: number): Promise<void> {
    const expiresAt = new Date(expiresAtSec * 1000);
    if (expiresAt.getTime() <= Date.now()) return;
    await this.tenantDbs
      .forTenant(tenantId)
      .revokedToken.upsert({ where: { jti }, create: { jti, tenantId, expiresAt }, update: {} });
  }

  /** From memory once the tenant's list is loaded; the list reloads when the tenant changes. */
  async isRevoked(tenantId: string, jti: string): Promise<boolean> {
    return (await this.revoked.get(tenantId)).has(jti);
  }

  private async loadRevoked(tenantId: string): Promise<ReadonlySet<string>> {
    const rows = await this.tenantDbs
      .forTenant(tenantId)
      .revokedToken.findMany({ where: { expiresAt: { gt: new Date() } }, select: { jti: true } });
    return new Set(rows.map((r) => r.jti));
  }
}

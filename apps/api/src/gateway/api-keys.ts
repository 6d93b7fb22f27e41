// Agent API keys at the gateway: looked up by keyed hash and cached; last use is recorded in
// memory and written in batches, never as a database write per request.
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SecretHasher, apiKeyLookupHash } from '@portcullis/auth-core';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { SECRET_HASHER } from '../infra/core.module';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';

export interface CachedApiKey {
  id: string;
  agentId: string;
  tenantId: string;
  clientId: string;
  scope: { serverId: string; tools: '*' | string[] }[];
  expiresAt: number | null;
  revoked: boolean;
}

const FLUSH_MS = 30_000;

@Injectable()
export class ApiKeyDirectory implements OnModuleInit, OnApplicationShutdown {
  private readonly cache: CoherentCache<string, CachedApiKey | null>;
  private readonly lastUsed = new Map<string, Date>();
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    caches: CacheCoherence,
  ) {
    this.cache = caches.cache({
      name: 'api-keys',
      load: (hash) => this.load(hash),
      tenantOfValue: (k) => k.tenantId,
      missingTtlMs: 5_000,
      max: 100_000,
    });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Null for anything that is not a live, well-formed key (junk never reaches the database). */
  async lookup(presented: string): Promise<CachedApiKey | null> {
    const hash = apiKeyLookupHash(this.hasher, presented);
    if (!hash) return null;
    const key = await this.cache.get(hash);
    const now = Date.now();
    if (!key || key.revoked || (key.expiresAt !== null && key.expiresAt <= now)) return null;
    this.lastUsed.set(key.id, new Date(now));
    return key;
  }

  private async load(hash: string): Promise<CachedApiKey | null> {
    const row = await this.db.agentApiKey.findUnique({
      where: { hash },
      include: { agent: { select: { clientId: true } } },
    });
    if (!row) return null;
    return {
      id: row.id,
      agentId: row.agentId,
      tenantId: row.tenantId,
      clientId: row.agent.clientId,
      scope: row.scope as CachedApiKey['scope'],
      expiresAt: row.expiresAt?.getTime() ?? null,
      revoked: row.revokedAt !== null,
    };
  }

  async flush(): Promise<void> {
    if (this.lastUsed.size === 0) return;
    const batch = [...this.lastUsed];
    this.lastUsed.clear();
    await Promise.all(
      batch.map(([id, at]) => this.db.agentApiKey.updateMany({ where: { id }, data: { lastUsedAt: at } })),
    ).catch(() => undefined);
  }
}

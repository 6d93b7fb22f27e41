// Tenant slug -> id, cached: the issuer and gateway paths carry slugs, and resolving one must
// not cost a database query per request.
import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';

export interface TenantRef {
  id: string;
  slug: string;
  timeZone: string;
  /** Whether MCP hosts may register (issue 14): the metadata lists the registration endpoint only when they may. */
  clientRegistration: 'open' | 'approval' | 'off';
}

@Injectable()
export class TenantDirectory {
  private readonly bySlug: CoherentCache<string, TenantRef | null>;

  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    caches: CacheCoherence,
  ) {
    this.bySlug = caches.cache({
      name: 'tenants',
      load: (slug) => this.load(slug),
      tenantOfValue: (t) => t.id,
      missingTtlMs: 5_000,
    });
  }

  bySlugCached(slug: string): Promise<TenantRef | null> {
    if (!/^[a-z0-9-]{1,63}$/.test(slug)) return Promise.resolve(null);
    return this.bySlug.get(slug);
  }

  private async load(slug: string): Promise<TenantRef | null> {
    const t = await this.db.tenant.findUnique({
      where: { slug },
      select: { id: true, slug: true, timeZone: true, clientRegistration: true },
    });
    return t ?? null;
  }
}

// Tenant slug -> id, cached: the issuer and gateway paths carry slugs, and resolving one must
// not cost a database query per request.
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@portcullis/db';
import { DB } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';

export interface TenantRef {
  id: string;
  slug: string;
  timeZone: string;
  /** Whether MCP hosts may register (issue 14): the metadata lists the registration endpoint only when they may. */
  clientRegistration: 'open' | 'approval' | 'off';
}

@Injectable()
export class TenantDirectory {
  private readonly bySlug = new Map<string, { value: Promise<TenantRef | null>; expiresAt: number }>();

  constructor(@Inject(DB) private readonly db: Db, bus: InvalidationBus) {
    bus.on((e) => {
      if (e.kind === 'tenant') this.bySlug.clear();
    });
  }

  bySlugCached(slug: string): Promise<TenantRef | null> {
    const now = Date.now();
    const hit = this.bySlug.get(slug);
    if (hit && hit.expiresAt > now) return hit.value;
    if (!/^[a-z0-9-]{1,63}$/.test(slug)) return Promise.resolve(null);
    const value = this.db.tenant
      .findUnique({ where: { slug }, select: { id: true, slug: true, timeZone: true, clientRegistration: true } })
      .then((t) => t ?? null);
    const entry = { value, expiresAt: now + 60_000 };
    value.then((t) => (entry.expiresAt = now + (t ? 60_000 : 5_000)), () => this.bySlug.delete(slug));
    if (this.bySlug.size > 50_000) this.bySlug.clear();
    this.bySlug.set(slug, entry);
    return value;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Db, TenantDb, scopedDb } from '@portcullis/db';

export const DB = Symbol('DB');

/**
 * Hands out tenant-scoped clients; one per tenant, reused (creating an extension per request is
 * waste). The database itself is closed by the node's stop sequence (lifecycle/shutdown.ts),
 * last, after everything that uses it: not by a Nest hook, which runs in module order.
 */
@Injectable()
export class TenantDbFactory {
  private readonly cache = new Map<string, TenantDb>();

  constructor(@Inject(DB) private readonly db: Db) {}

  forTenant(tenantId: string): TenantDb {
    let scoped = this.cache.get(tenantId);
    if (!scoped) {
      if (this.cache.size > 10_000) this.cache.clear();
      scoped = scopedDb(this.db, tenantId);
      this.cache.set(tenantId, scoped);
    }
    return scoped;
  }
}

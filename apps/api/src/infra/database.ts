import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Db, TenantDb, scopedDb } from '@portcullis/db';

export const DB = Symbol('DB');

/** Hands out tenant-scoped clients; one per tenant, reused (creating an extension per request is waste). */
@Injectable()
export class TenantDbFactory implements OnApplicationShutdown {
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

  async onApplicationShutdown(): Promise<void> {
    await this.db.$disconnect();
  }
}

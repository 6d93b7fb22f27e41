import { Inject, Injectable } from '@nestjs/common';
import { Db, TenantDb, scopedDb } from '@portcullis/db';

/**
 * The unscoped client: every tenant's rows. Only the files on the allow-list in
 * eslint.config.mjs (cross-tenant by nature) may inject it; tenant data is read and written
 * through TenantDbFactory (or a request's `t.db`), raw SQL through `tenantSql`.
 */
export const PLATFORM_DB = Symbol('PLATFORM_DB');
export type PlatformDb = Db;

/** Whether the database answers: tells a refused write from an unreachable database. */
@Injectable()
export class DatabaseProbe {
  constructor(@Inject(PLATFORM_DB) private readonly db: PlatformDb) {}

  reachable(): Promise<boolean> {
    return this.db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
  }
}

/**
 * Hands out tenant-scoped clients; one per tenant, reused (creating an extension per request is
 * waste). The database itself is closed by the node's stop sequence (lifecycle/shutdown.ts),
 * last, after everything that uses it: not by a Nest hook, which runs in module order.
 */
@Injectable()
export class TenantDbFactory {
  private readonly cache = new Map<string, TenantDb>();

  constructor(@Inject(PLATFORM_DB) private readonly db: PlatformDb) {}

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

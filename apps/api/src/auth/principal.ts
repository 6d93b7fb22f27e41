import type { Role } from '@portcullis/db';
import type { TenantDb } from '@portcullis/db';

/** Who is calling. Sessions may not have a tenant yet (a user with no membership). */
export type Principal =
  | { kind: 'user'; userId: string; sessionId: string; tenantId: string | null; role: Role | null; csrfToken: string }
  | { kind: 'apiToken'; tokenId: string; tenantId: string; role: Role };

/** The tenant a request acts in, with the only database handle services get for its data. */
export interface TenantContext {
  tenantId: string;
  role: Role;
  principal: Principal;
  db: TenantDb;
  /** For audit and "created by" columns. */
  actorId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: Principal;
    tenantContext?: TenantContext;
  }
}

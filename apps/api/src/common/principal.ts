import type { Role } from '@portcullis/db';
import type { TenantDb } from '@portcullis/db';
import { AppError } from './errors';

/** Who is calling. Sessions may not have a tenant yet (a user with no membership). */
export type Principal =
  /**
   * `secondFactorMissing`: the active tenant requires a second factor this session was opened
   * without; `ssoMissing`: it requires its identity provider, and this session came another way.
   */
  | {
      kind: 'user';
      userId: string;
      sessionId: string;
      tenantId: string | null;
      role: Role | null;
      csrfToken: string;
      secondFactorMissing?: boolean;
      ssoMissing?: boolean;
    }
  /** `userId`: the person who created the token; it lives only while they are a member. */
  | { kind: 'apiToken'; tokenId: string; tenantId: string; role: Role; userId: string };

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

/** The signed-in person behind a request; API tokens are refused (they act for a tenant, not a person). */
export function userOf(p: Principal): Principal & { kind: 'user' } {
  if (p.kind !== 'user')
    throw new AppError('forbidden', 'Only a signed-in person can do this, not an API token.');
  return p;
}

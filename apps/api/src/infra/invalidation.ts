// The writer's side of cache coherence: after a change commits, say what changed. Every kind
// bumps the tenant's generation (infra/cache), which every node learns of by pub/sub at once or
// by its next poll, and enforces within CACHE_MAX_STALENESS_MS. Call it after the transaction,
// never inside it: a node that reloads on hearing of the change must find it committed.
import { Injectable } from '@nestjs/common';
import { CacheCoherence } from './cache/cache-coherence';

/** What changed (for the reader of the call site; the whole tenant's generation moves). */
export type Invalidation =
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'agent'; tenantId: string; agentId: string; clientId?: string }
  | { kind: 'server'; tenantId: string; serverId: string }
  | { kind: 'keys'; tenantId: string }
  | { kind: 'policies'; tenantId: string }
  | { kind: 'token'; tenantId: string; jti: string }
  | { kind: 'apiKey'; tenantId: string; hash: string }
  // People (issue 14): a member's role, grants or consents changed (every member of the tenant
  // when userId is absent, as for a role's grant), and a people's OAuth client changed.
  | { kind: 'member'; tenantId: string; userId?: string }
  | { kind: 'oauthClient'; tenantId: string; clientId: string };

@Injectable()
export class InvalidationBus {
  constructor(private readonly coherence: CacheCoherence) {}

  /** Announces a committed change to every node, this one included. Never throws. */
  publish(event: Invalidation): Promise<void> {
    return this.coherence.bump(event.tenantId);
  }
}

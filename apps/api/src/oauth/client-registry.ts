// Agents as the token endpoint and the gateway see them, cached in memory by client_id and
// stale on every node once an admin changes the agent, its grants or its servers (the tenant's
// generation moves).
import { Inject, Injectable } from '@nestjs/common';
import { scopesFromGrants } from '@portcullis/auth-core';
import type { GrantRules } from '@portcullis/mcp-pipeline';
import { grantRulesOf } from '../agents/grants';
import type { JWK } from 'jose';
import { AppConfig, CONFIG } from '../config/config';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';
import { resourceUrl } from './issuer';

export interface GrantedResource {
  serverId: string;
  serverSlug: string;
  resource: string;
  grant: GrantRules;
  /** Every scope the grant allows on this resource. */
  scopes: string[];
}

export interface CachedClient {
  agentId: string;
  clientId: string;
  name: string;
  tenantId: string;
  tenantSlug: string;
  active: boolean;
  tokenLifetimeSec: number;
  authMethods: ReadonlySet<string>;
  secrets: { id: string; hash: string; expiresAt: number | null }[];
  keys: JWK[];
  /** By canonical resource URI; only enabled servers. */
  resources: Map<string, GrantedResource>;
  loadedAt: number;
}

@Injectable()
export class ClientRegistry {
  private readonly cache: CoherentCache<string, CachedClient | null>;

  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(CONFIG) private readonly config: AppConfig,
    caches: CacheCoherence,
  ) {
    this.cache = caches.cache({
      name: 'clients',
      load: (clientId) => this.load(clientId),
      tenantOfValue: (c) => c.tenantId,
      missingTtlMs: 5_000,
      max: 100_000,
    });
  }

  get(clientId: string): Promise<CachedClient | null> {
    return this.cache.get(clientId);
  }

  private async load(clientId: string): Promise<CachedClient | null> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(clientId)) return null;
    const agent = await this.db.agent.findUnique({
      where: { clientId },
      include: {
        secrets: { where: { revokedAt: null } },
        keys: { where: { revokedAt: null } },
        grants: { include: { server: true } },
      },
    });
    if (!agent) return null;
    const tenant = await this.db.tenant.findUniqueOrThrow({ where: { id: agent.tenantId } });
    const resources = new Map<string, GrantedResource>();
    for (const g of agent.grants) {
      if (g.server.status !== 'active') continue;
      const grant = grantRulesOf(g);
      const resource = resourceUrl(this.config.PUBLIC_URL, tenant.slug, g.server.slug);
      resources.set(resource, {
        serverId: g.serverId,
        serverSlug: g.server.slug,
        resource,
        grant,
        scopes: scopesFromGrants([grant]),
      });
    }
    return {
      agentId: agent.id,
      clientId: agent.clientId,
      name: agent.name,
      tenantId: agent.tenantId,
      tenantSlug: tenant.slug,
      active: agent.status === 'active',
      tokenLifetimeSec: agent.tokenLifetimeSec,
      authMethods: new Set(agent.authMethods),
      secrets: agent.secrets.map((s) => ({
        id: s.id,
        hash: s.hash,
        expiresAt: s.expiresAt?.getTime() ?? null,
      })),
      keys: agent.keys.map((k) => k.jwk as unknown as JWK),
      resources,
      loadedAt: Date.now(),
    };
  }
}

// Agents as the token endpoint and the gateway see them, cached in memory by client_id and
// dropped on every node the moment an admin changes the agent, its grants or its servers.
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@portcullis/db';
import { scopesFromGrants } from '@portcullis/auth-core';
import type { GrantRules } from '@portcullis/mcp-pipeline';
import { grantRulesOf } from '../agents/grants';
import type { JWK } from 'jose';
import { AppConfig, CONFIG } from '../config/config';
import { DB } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
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

const TTL_MS = 60_000;
const MISSING_TTL_MS = 5_000;

interface Entry {
  value: Promise<CachedClient | null>;
  expiresAt: number;
  /** Known once loaded; null for an unknown client_id. */
  tenantId?: string | null;
}

@Injectable()
export class ClientRegistry {
  private readonly cache = new Map<string, Entry>();

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CONFIG) private readonly config: AppConfig,
    bus: InvalidationBus,
  ) {
    bus.on((e) => {
      if (e.kind === 'agent' && e.clientId) this.cache.delete(e.clientId);
      if (e.kind === 'agent' || e.kind === 'server' || e.kind === 'tenant') this.dropTenant(e.tenantId);
    });
  }

  /** Drops the tenant's clients, unknown ids (a new agent may now exist) and loads in flight. */
  private dropTenant(tenantId: string): void {
    for (const [clientId, entry] of this.cache) {
      if (entry.tenantId === undefined || entry.tenantId === null || entry.tenantId === tenantId) this.cache.delete(clientId);
    }
  }

  get(clientId: string): Promise<CachedClient | null> {
    const now = Date.now();
    const hit = this.cache.get(clientId);
    if (hit && hit.expiresAt > now) return hit.value;
    if (this.cache.size > 100_000) this.cache.clear();
    const entry: Entry = { value: this.load(clientId), expiresAt: now + TTL_MS };
    this.cache.set(clientId, entry);
    entry.value.then(
      (c) => {
        entry.tenantId = c?.tenantId ?? null;
        if (!c) entry.expiresAt = now + MISSING_TTL_MS;
      },
      () => this.cache.delete(clientId),
    );
    return entry.value;
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
      resources.set(resource, { serverId: g.serverId, serverSlug: g.server.slug, resource, grant, scopes: scopesFromGrants([grant]) });
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
      secrets: agent.secrets.map((s) => ({ id: s.id, hash: s.hash, expiresAt: s.expiresAt?.getTime() ?? null })),
      keys: agent.keys.map((k) => k.jwk as unknown as JWK),
      resources,
      loadedAt: Date.now(),
    };
  }
}

// Registered servers as the gateway needs them, in memory: upstream URL, the upstream
// credential already unsealed into headers, the callable tools with their approved
// fingerprints, and what the server may send to agents. Dropped on every node when an admin
// changes the server or its tools (the tenant's generation moves).
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';
import { protectedResourceMetadataUrl, resourceUrl } from '../oauth/issuer';
import { ServersService } from '../servers/servers.service';
import { isCallable, serverSettings, type PinnedTool, type ServerSettings } from '@portcullis/mcp-pipeline';
import { credentialHeaders } from '../servers/upstream';

export interface GatewayServer {
  id: string;
  slug: string;
  name: string;
  tenantId: string;
  tenantSlug: string;
  active: boolean;
  upstreamUrl: string;
  upstreamHeaders: Record<string, string>;
  /** Callable tools (approved, enabled, present) and the fingerprint each is pinned to. */
  tools: ReadonlyMap<string, PinnedTool>;
  settings: ServerSettings;
  /** The largest answer or stream event taken from the upstream, in bytes. */
  maxResponseBytes: number;
  resource: string;
  metadataUrl: string;
}

@Injectable()
export class ServerDirectory {
  private readonly cache: CoherentCache<
    { tenant: { id: string; slug: string }; serverSlug: string },
    GatewayServer | null
  >;

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly servers: ServersService,
    caches: CacheCoherence,
  ) {
    this.cache = caches.cache({
      name: 'servers',
      keyOf: (k) => `${k.tenant.id}/${k.serverSlug}`,
      tenantOfKey: (k) => k.tenant.id,
      load: (k) => this.load(k.tenant, k.serverSlug),
      missingTtlMs: 5_000,
    });
  }

  get(tenant: { id: string; slug: string }, serverSlug: string): Promise<GatewayServer | null> {
    return this.cache.get({ tenant, serverSlug });
  }

  private async load(
    tenant: { id: string; slug: string },
    serverSlug: string,
  ): Promise<GatewayServer | null> {
    if (!/^[a-z0-9-]{1,63}$/.test(serverSlug)) return null;
    const s = await this.tenantDbs.forTenant(tenant.id).mcpServer.findUnique({
      where: { tenantId_slug: { tenantId: tenant.id, slug: serverSlug } },
      include: { tools: true },
    });
    if (!s) return null;
    return {
      id: s.id,
      slug: s.slug,
      name: s.name,
      tenantId: s.tenantId,
      tenantSlug: tenant.slug,
      active: s.status === 'active',
      upstreamUrl: s.upstreamUrl,
      upstreamHeaders: credentialHeaders(this.servers.credentialOf(s)),
      tools: new Map(
        s.tools.filter(isCallable).map((t) => [t.name, { fingerprint: t.approvedFingerprint! }]),
      ),
      settings: serverSettings(s.serverMessages),
      maxResponseBytes: s.maxResponseBytes ?? this.config.UPSTREAM_MAX_RESPONSE_BYTES,
      resource: resourceUrl(this.config.PUBLIC_URL, tenant.slug, s.slug),
      metadataUrl: protectedResourceMetadataUrl(this.config.PUBLIC_URL, tenant.slug, s.slug),
    };
  }
}

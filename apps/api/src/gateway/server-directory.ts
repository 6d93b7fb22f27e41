// Registered servers as the gateway needs them, in memory: upstream URL, the upstream
// credential already unsealed into headers, the callable tools with their approved
// fingerprints, and what the server may send to agents. Dropped on every node when an admin
// changes the server or its tools.
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@portcullis/db';
import { AppConfig, CONFIG } from '../config/config';
import { DB } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
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
  private readonly cache = new Map<string, { value: Promise<GatewayServer | null>; expiresAt: number; tenantId?: string }>();

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly servers: ServersService,
    bus: InvalidationBus,
  ) {
    bus.on((e) => {
      if (e.kind !== 'server' && e.kind !== 'tenant') return;
      for (const [key, entry] of this.cache) if (entry.tenantId === undefined || entry.tenantId === e.tenantId) this.cache.delete(key);
    });
  }

  get(tenant: { id: string; slug: string }, serverSlug: string): Promise<GatewayServer | null> {
    const key = `${tenant.id}/${serverSlug}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const entry: { value: Promise<GatewayServer | null>; expiresAt: number; tenantId?: string } = {
      value: this.load(tenant, serverSlug),
      expiresAt: now + 60_000,
    };
    entry.value.then((s) => (entry.tenantId = tenant.id, s === null && (entry.expiresAt = now + 5_000)), () => this.cache.delete(key));
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, entry);
    return entry.value;
  }

  private async load(tenant: { id: string; slug: string }, serverSlug: string): Promise<GatewayServer | null> {
    if (!/^[a-z0-9-]{1,63}$/.test(serverSlug)) return null;
    const s = await this.db.mcpServer.findUnique({ where: { tenantId_slug: { tenantId: tenant.id, slug: serverSlug } }, include: { tools: true } });
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
      tools: new Map(s.tools.filter(isCallable).map((t) => [t.name, { fingerprint: t.approvedFingerprint! }])),
      settings: serverSettings(s.serverMessages),
      maxResponseBytes: s.maxResponseBytes ?? this.config.UPSTREAM_MAX_RESPONSE_BYTES,
      resource: resourceUrl(this.config.PUBLIC_URL, tenant.slug, s.slug),
      metadataUrl: protectedResourceMetadataUrl(this.config.PUBLIC_URL, tenant.slug, s.slug),
    };
  }
}

// The MCP hosts people use, as the authorization and token endpoints and the gateway see them:
// OAuthClient rows cached in memory per (tenant, client_id), dropped on every node when an
// admin changes one. A client_id that is an https URL is a Client ID Metadata Document: the
// authorization endpoint fetches it (size- and time-limited) the first time and whenever the
// cached copy is stale, and records it as a client of the tenant so admins see and control it.
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { type OAuthClient } from '@portcullis/db';
import {
  ClientMetadataError,
  isClientIdMetadataUrl,
  parseClientMetadataDocument,
  type ClientMetadata,
} from '@portcullis/auth-core';
import { AuditService } from '../audit/audit.service';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
import { OUTBOUND_RESOLVER } from '../infra/outbound';
import { Outbound } from '@portcullis/outbound';
import type { HostResolver } from '@portcullis/auth-core';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';
import { ClientMetadataFetchError, fetchClientMetadata } from './client-metadata-fetch';
import { OAuthError } from './oauth-error';
import { OAuthRequestLimits } from './request-limits';
import type { TenantRef } from './tenant-directory';

export interface PeopleClient {
  rowId: string;
  tenantId: string;
  clientId: string;
  kind: 'dynamic' | 'metadata_document';
  status: 'active' | 'pending' | 'disabled';
  name: string | null;
  clientUri: string | null;
  verified: boolean;
  redirectUris: readonly string[];
  grantTypes: ReadonlySet<string>;
  authMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
  secretHash: string | null;
  /** Metadata documents: until when the stored copy may be used. */
  metadataExpiresAt: number | null;
}

/** Why a client cannot be used for an authorization, as the person is told. */
export class ClientResolutionError extends Error {}

/** How long a fetched metadata document is used: its max-age, within these bounds. */
const MIN_DOCUMENT_TTL_SEC = 300;
const MAX_DOCUMENT_TTL_SEC = 86_400;
const DEFAULT_DOCUMENT_TTL_SEC = 3600;

export function toPeopleClient(row: OAuthClient): PeopleClient {
  return {
    rowId: row.id,
    tenantId: row.tenantId,
    clientId: row.clientId,
    kind: row.kind,
    status: row.status,
    name: row.name,
    clientUri: row.clientUri,
    verified: row.verifiedAt !== null,
    redirectUris: row.redirectUris,
    grantTypes: new Set(row.grantTypes),
    authMethod: row.authMethod as PeopleClient['authMethod'],
    secretHash: row.secretHash,
    metadataExpiresAt: row.metadataExpiresAt?.getTime() ?? null,
  };
}

/** The stored form of validated metadata (both registration paths). */
export function metadataColumns(m: ClientMetadata) {
  return {
    name: m.clientName,
    clientUri: m.clientUri,
    redirectUris: m.redirectUris,
    grantTypes: m.grantTypes,
    authMethod: m.tokenEndpointAuthMethod,
    applicationType: m.applicationType,
    scope: m.scope,
    softwareId: m.softwareId,
    softwareVersion: m.softwareVersion,
  };
}

@Injectable()
export class PeopleClients implements OnApplicationShutdown {
  private readonly logger = new Logger(PeopleClients.name);
  private readonly cache: CoherentCache<{ tenantId: string; clientId: string }, PeopleClient | null>;
  /** The outbound path for client metadata documents. */
  private readonly documents: Outbound;
  /** One fetch per document at a time, whatever the number of people signing in with it. */
  private readonly fetching = new Map<string, Promise<PeopleClient>>();

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
    private readonly limits: OAuthRequestLimits,
    caches: CacheCoherence,
    @Optional() @Inject(OUTBOUND_RESOLVER) resolver?: HostResolver,
  ) {
    // Documents named by anonymous clients: loopback only in development, private addresses never
    // (whatever ALLOW_PRIVATE_UPSTREAMS allows for servers a tenant's admin registered).
    this.documents = new Outbound({
      allowLoopback: config.ALLOW_LOOPBACK_UPSTREAMS,
      allowPrivate: false,
      resolver,
      pinTtlMs: 0,
    });
    this.cache = caches.cache({
      name: 'people-clients',
      keyOf: (k) => key(k.tenantId, k.clientId),
      tenantOfKey: (k) => k.tenantId,
      load: (k) =>
        this.tenantDbs
          .forTenant(k.tenantId)
          .oAuthClient.findUnique({
            where: { tenantId_clientId: { tenantId: k.tenantId, clientId: k.clientId } },
          })
          .then((r) => (r ? toPeopleClient(r) : null)),
      missingTtlMs: 5_000,
    });
  }

  onApplicationShutdown(): Promise<void> {
    return this.documents.close();
  }

  /** The stored client, or null; never fetches anything. */
  get(tenantId: string, clientId: string): Promise<PeopleClient | null> {
    if (clientId.length === 0 || clientId.length > 1024) return Promise.resolve(null);
    return this.cache.get({ tenantId, clientId });
  }

  /**
   * The client an authorization request names: a registered one, or a metadata document URL
   * fetched now when unknown or stale. Throws ClientResolutionError with what the person may read.
   */
  async forAuthorization(
    tenant: TenantRef & { name?: string },
    clientId: string,
    ip: string,
  ): Promise<PeopleClient> {
    const stored = await this.get(tenant.id, clientId);
    const allowHttpLoopback = this.config.ALLOW_LOOPBACK_UPSTREAMS;
    if (!isClientIdMetadataUrl(clientId, { allowHttpLoopback })) {
      if (!stored)
        throw new ClientResolutionError('This application is not registered with this organization.');
      return stored;
    }
    if (stored && stored.metadataExpiresAt !== null && stored.metadataExpiresAt > Date.now()) return stored;
    if (!stored && tenant.clientRegistration === 'off') {
      throw new ClientResolutionError(
        'This organization does not accept new applications. Ask an administrator.',
      );
    }
    const k = key(tenant.id, clientId);
    let pending = this.fetching.get(k);
    if (!pending) {
      pending = this.refreshDocument(tenant, clientId, stored, ip).finally(() => this.fetching.delete(k));
      this.fetching.set(k, pending);
    }
    return pending;
  }

  private async refreshDocument(
    tenant: TenantRef,
    clientId: string,
    stored: PeopleClient | null,
    ip: string,
  ): Promise<PeopleClient> {
    // A new document is a registration: it counts against the same limits as dynamic ones.
    if (!stored) {
      try {
        await this.limits.registration(ip, tenant.id);
      } catch (e) {
        if (e instanceof OAuthError)
          throw new ClientResolutionError('Too many new applications from your address. Try again later.');
        throw e;
      }
    }
    let metadata: ClientMetadata;
    let ttlSec: number;
    try {
      const fetched = await fetchClientMetadata(this.documents, clientId);
      metadata = parseClientMetadataDocument(fetched.document, clientId);
      ttlSec = Math.min(
        MAX_DOCUMENT_TTL_SEC,
        Math.max(MIN_DOCUMENT_TTL_SEC, fetched.maxAgeSec ?? DEFAULT_DOCUMENT_TTL_SEC),
      );
    } catch (e) {
      if (!(e instanceof ClientMetadataFetchError) && !(e instanceof ClientMetadataError)) throw e;
      this.logger.warn({ clientId, reason: e.message }, 'client metadata document refused');
      this.audit.emit({
        tenantId: tenant.id,
        actor: { type: 'client', id: clientId },
        action: 'oauth_client.registration_refused',
        outcome: 'denied',
        reason: `metadata document: ${e.message}`,
        ip,
        details: { kind: 'metadata_document' },
      });
      throw new ClientResolutionError(`This application's metadata document was refused: ${e.message}.`);
    }
    const now = new Date();
    const columns = {
      ...metadataColumns(metadata),
      metadataFetchedAt: now,
      metadataExpiresAt: new Date(now.getTime() + ttlSec * 1000),
    };
    const row = await this.tenantDbs.forTenant(tenant.id).$transaction(async (tx) => {
      if (stored) return tx.oAuthClient.update({ where: { id: stored.rowId }, data: columns });
      const created = await tx.oAuthClient.upsert({
        where: { tenantId_clientId: { tenantId: tenant.id, clientId } },
        update: columns,
        create: {
          tenantId: tenant.id,
          clientId,
          kind: 'metadata_document',
          status: tenant.clientRegistration === 'open' ? 'active' : 'pending',
          registeredIp: ip.slice(0, 64),
          ...columns,
        },
      });
      await this.audit.record(
        {
          tenantId: tenant.id,
          actor: { type: 'client', id: clientId, label: metadata.clientName ?? undefined },
          action: 'oauth_client.registered',
          target: { type: 'oauth_client', id: created.id, label: metadata.clientName ?? clientId },
          outcome: 'success',
          ip,
          details: { kind: 'metadata_document', status: created.status, redirectUris: metadata.redirectUris },
        },
        tx,
      );
      return created;
    });
    await this.bus.publish({ kind: 'oauthClient', tenantId: tenant.id, clientId });
    return toPeopleClient(row);
  }
}

function key(tenantId: string, clientId: string): string {
  return `${tenantId}\u0000${clientId}`;
}

// The authorization endpoint (GET {issuer}/authorize): checks an authorization request and
// hands it to the console's consent page. Until the client and its redirect URI are known to
// be genuine, problems are shown on a page of ours and nothing is redirected (RFC 6749
// §4.1.2.1); after that, errors go back to the client with state and iss (RFC 9207).
import { Inject, Injectable } from '@nestjs/common';
import {
  ResourceError,
  ScopeError,
  isValidCodeChallenge,
  matchRedirectUri,
  normalizeResource,
  parseRequestedScope,
} from '@portcullis/auth-core';
import { AuditService } from '../audit/audit.service';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { AuthorizationStore } from './authorization-store';
import { asEndpoints, resourceUrl } from './issuer';
import { ClientResolutionError, PeopleClients, type PeopleClient } from './people-clients';
import type { TenantRef } from './tenant-directory';

export type AuthorizeOutcome =
  { kind: 'page'; status: number; title: string; message: string } | { kind: 'redirect'; location: string };

/** The client's redirect URI with the response parameters (and the client's own query kept). */
export function responseRedirect(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.append(k, v);
  return url.href;
}

const MAX_STATE = 2048;
const SINGLE = [
  'client_id',
  'redirect_uri',
  'response_type',
  'code_challenge',
  'code_challenge_method',
  'state',
  'scope',
  'resource',
  'prompt',
  'response_mode',
];

class RedirectError extends Error {
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

@Injectable()
export class AuthorizationEndpoint {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly tenantDbs: TenantDbFactory,
    private readonly clients: PeopleClients,
    private readonly store: AuthorizationStore,
    private readonly audit: AuditService,
  ) {}

  async handle(
    query: URLSearchParams,
    tenant: TenantRef,
    ip: string,
    requestId: string,
  ): Promise<AuthorizeOutcome> {
    const page = (title: string, message: string, status = 400): AuthorizeOutcome => ({
      kind: 'page',
      status,
      title,
      message,
    });
    const repeated = SINGLE.filter((k) => query.getAll(k).length > 1);
    const get = (k: string) => query.get(k) ?? undefined;
    const clientId = get('client_id');
    if (!clientId)
      return page('Incomplete request', 'The application did not say who it is (client_id is missing).');
    if (repeated.includes('client_id') || repeated.includes('redirect_uri'))
      return page('Invalid request', 'The request repeats client_id or redirect_uri.');

    let client: PeopleClient;
    try {
      client = await this.clients.forAuthorization(tenant, clientId, ip);
    } catch (e) {
      if (e instanceof ClientResolutionError) return page('Unknown application', e.message);
      throw e;
    }
    const name = client.name ?? client.clientId;
    if (client.status === 'disabled')
      return page('Application disabled', `An administrator disabled ${name} for this organization.`, 403);
    if (client.status === 'pending') {
      return page(
        'Application awaiting approval',
        `${name} registered with this organization and awaits an administrator's approval. Ask an administrator to approve it, then try again.`,
        403,
      );
    }
    const presented = get('redirect_uri');
    const redirectUri = presented ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
    if (!redirectUri)
      return page(
        'Incomplete request',
        'The application has several redirect URIs and did not say which one to use.',
      );
    if (!matchRedirectUri(client.redirectUris, redirectUri)) {
      this.refused(tenant, client, ip, requestId, 'redirect_uri not registered');
      return page(
        'Invalid redirect',
        'The address this application asked to be sent back to is not one it registered. Nothing was sent to it.',
      );
    }

    const state = get('state');
    const iss = asEndpoints(this.config.PUBLIC_URL, tenant.slug).issuer;
    try {
      const request = await this.check(query, repeated, tenant, client);
      const saved = await this.store.saveRequest({
        ...request,
        tenantId: tenant.id,
        clientRowId: client.rowId,
        clientId: client.clientId,
        redirectUri,
        redirectUriSent: presented !== undefined,
        state,
      });
      return { kind: 'redirect', location: `${this.config.CONSOLE_URL}/authorize?request=${saved.id}` };
    } catch (e) {
      if (!(e instanceof RedirectError)) throw e;
      this.refused(tenant, client, ip, requestId, `${e.error}: ${e.message}`);
      return {
        kind: 'redirect',
        location: responseRedirect(redirectUri, { error: e.error, error_description: e.message, state, iss }),
      };
    }
  }

  /** Everything after the client and redirect URI: response type, PKCE, scope, resource. */
  private async check(query: URLSearchParams, repeated: string[], tenant: TenantRef, client: PeopleClient) {
    if (repeated.length > 0)
      throw new RedirectError('invalid_request', `Parameter ${repeated[0]} is repeated.`);
    const get = (k: string) => query.get(k) ?? undefined;
    if (get('response_type') !== 'code')
      throw new RedirectError('unsupported_response_type', 'Only response_type=code is supported.');
    if (!client.grantTypes.has('authorization_code'))
      throw new RedirectError(
        'unauthorized_client',
        'This client did not register the authorization_code grant.',
      );
    const mode = get('response_mode');
    if (mode !== undefined && mode !== 'query')
      throw new RedirectError('invalid_request', 'Only response_mode=query is supported.');
    const state = get('state');
    if (state !== undefined && state.length > MAX_STATE)
      throw new RedirectError('invalid_request', `state is longer than ${MAX_STATE} characters.`);
    const method = get('code_challenge_method');
    const challenge = get('code_challenge');
    if (!challenge)
      throw new RedirectError(
        'invalid_request',
        'PKCE is required: send code_challenge with code_challenge_method=S256.',
      );
    if (method !== 'S256')
      throw new RedirectError(
        'invalid_request',
        'Only code_challenge_method=S256 is supported (plain is refused).',
      );
    if (!isValidCodeChallenge(challenge))
      throw new RedirectError(
        'invalid_request',
        'code_challenge must be 43 base64url characters (an S256 challenge).',
      );
    let scopes: string[];
    try {
      scopes = parseRequestedScope(get('scope'));
    } catch (e) {
      if (e instanceof ScopeError) throw new RedirectError('invalid_scope', e.message);
      throw e;
    }
    const { serverId, resource } = await this.resolveResource(get('resource'), tenant);
    return {
      codeChallenge: challenge,
      scopes,
      serverId,
      resource,
      forceConsent: (get('prompt') ?? '').split(' ').includes('consent'),
    };
  }

  /** RFC 8707: one of the tenant's active servers, or the only one when none is named. */
  private async resolveResource(
    raw: string | undefined,
    tenant: TenantRef,
  ): Promise<{ serverId: string; resource: string }> {
    if (raw === undefined) {
      const servers = await this.tenantDbs
        .forTenant(tenant.id)
        .mcpServer.findMany({ where: { status: 'active' }, select: { id: true, slug: true }, take: 2 });
      if (servers.length !== 1)
        throw new RedirectError('invalid_target', 'Name the MCP server with the resource parameter.');
      return {
        serverId: servers[0]!.id,
        resource: resourceUrl(this.config.PUBLIC_URL, tenant.slug, servers[0]!.slug),
      };
    }
    let resource: string;
    try {
      resource = normalizeResource(raw);
    } catch (e) {
      if (e instanceof ResourceError) throw new RedirectError('invalid_target', e.message);
      throw e;
    }
    const base = resourceUrl(this.config.PUBLIC_URL, tenant.slug, '');
    const slug = resource.startsWith(base) ? resource.slice(base.length) : '';
    const server = /^[a-z0-9-]{1,63}$/.test(slug)
      ? await this.tenantDbs.forTenant(tenant.id).mcpServer.findUnique({
          where: { tenantId_slug: { tenantId: tenant.id, slug } },
          select: { id: true, status: true },
        })
      : null;
    if (!server || server.status !== 'active')
      throw new RedirectError('invalid_target', 'Unknown resource: not an MCP server of this organization.');
    return { serverId: server.id, resource };
  }

  private refused(
    tenant: TenantRef,
    client: PeopleClient,
    ip: string,
    requestId: string,
    reason: string,
  ): void {
    this.audit.emit({
      tenantId: tenant.id,
      actor: { type: 'client', id: client.clientId, label: client.name ?? undefined },
      action: 'authorization.refused',
      target: { type: 'oauth_client', id: client.rowId, label: client.name ?? client.clientId },
      outcome: 'denied',
      reason,
      ip,
      requestId,
    });
  }
}

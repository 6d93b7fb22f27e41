// The authorization server's decisions on issuing tokens: client_credentials here, people's grants
// in PeopleTokens; introspection and revocation are TokenRevocation's. HTTP parsing lives in
// oauth.routes.ts; this file is the rules.
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  ResourceError,
  ScopeError,
  SecretHasher,
  issueAccessToken,
  narrowScope,
  normalizeResource,
} from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { SECRET_HASHER } from '../infra/core.module';
import { AuditService } from '../audit/audit.service';
import { ClientAuthThrottle } from './failure-throttle';
import { ClientRegistry } from './client-registry';
import { AuthenticatedClient, authenticatePresented, readCredentials } from './client-auth';
import type { Form } from './form';
import { asEndpoints } from './issuer';
import { OAuthError, clientAuthFailed } from './oauth-error';
import { SigningKeysService } from './signing-keys.service';
import { TokenState } from './token-state';
import type { TenantRef } from './tenant-directory';
import type { DecisionSummary } from '../policies/policy-runtime';
import { IssuancePolicy, IssuanceRefused } from './issuance-policy';
import { PeopleTokens } from './people-tokens';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
  refresh_token?: string;
}

@Injectable()
export class TokenService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly registry: ClientRegistry,
    private readonly keys: SigningKeysService,
    private readonly state: TokenState,
    private readonly throttle: ClientAuthThrottle,
    private readonly audit: AuditService,
    private readonly issuancePolicy: IssuancePolicy,
    private readonly people: PeopleTokens,
  ) {}

  private authContext(tenant: TenantRef) {
    const ep = asEndpoints(this.config.PUBLIC_URL, tenant.slug);
    return {
      tenantId: tenant.id,
      issuer: ep.issuer,
      tokenEndpoint: ep.token,
      registry: this.registry,
      hasher: this.hasher,
      replay: this.state,
    };
  }

  /** Authenticates the client, counting failures per client and IP (TokenRevocation's callers too). */
  async authenticate(req: FastifyRequest, form: Form, tenant: TenantRef): Promise<AuthenticatedClient> {
    const credentials = readCredentials(req.headers.authorization, form);
    const claimedId = credentials.claimedId?.slice(0, 64);
    this.throttle.assertNotBlocked(claimedId, req.ip);
    try {
      if (!credentials.presented) throw credentials.error;
      const auth = await authenticatePresented(credentials.presented, this.authContext(tenant));
      if (!auth.client.active) throw clientAuthFailed(auth.method === 'client_secret_basic');
      return auth;
    } catch (e) {
      if (e instanceof OAuthError && e.error === 'invalid_client') {
        this.audit.emit({
          tenantId: tenant.id,
          actor: { type: 'agent', id: claimedId ?? 'unknown' },
          action: 'token.denied',
          outcome: 'denied',
          reason: 'client authentication failed',
          ip: req.ip,
          requestId: String(req.id),
        });
        await this.throttle.recordFailure(claimedId, req.ip);
      }
      throw e;
    }
  }

  async issue(req: FastifyRequest, form: Form, tenant: TenantRef): Promise<TokenResponse> {
    const grantType = form.get('grant_type');
    if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required.');
    // People's MCP hosts (issue 14): authorization code and refresh token grants.
    if (grantType === 'authorization_code') return this.people.redeemCode(req, form, tenant);
    if (grantType === 'refresh_token') return this.people.refresh(req, form, tenant);
    if (grantType !== 'client_credentials') {
      throw new OAuthError(
        'unsupported_grant_type',
        'Supported grant types: client_credentials, authorization_code, refresh_token.',
      );
    }
    const { client } = await this.authenticate(req, form, tenant);
    const deny = (e: OAuthError, reason: string) => {
      this.audit.emit({
        tenantId: tenant.id,
        actor: { type: 'agent', id: client.agentId, label: client.name },
        action: 'token.denied',
        outcome: 'denied',
        reason,
        ip: req.ip,
        requestId: String(req.id),
      });
      return e;
    };
    const granted = this.resolveResource(form.get('resource'), client.resources.keys(), deny);
    const grant = client.resources.get(granted)!;
    let scopes: string[];
    try {
      scopes = narrowScope(form.get('scope'), grant.scopes);
    } catch (e) {
      if (e instanceof ScopeError)
        throw deny(new OAuthError('invalid_scope', e.message), 'scope beyond the grant');
      throw e;
    }
    let policy: DecisionSummary | undefined;
    try {
      policy = await this.issuancePolicy.check(req, {
        tenant,
        actor: { type: 'agent', id: client.agentId, label: client.name },
        callerId: client.agentId,
        clientId: client.clientId,
        serverId: grant.serverId,
      });
    } catch (e) {
      if (e instanceof IssuanceRefused) throw deny(e.oauth, e.reason);
      throw e;
    }
    const ring = await this.keys.ring(tenant.id);
    const { token, claims } = await issueAccessToken(ring.activeKey(), {
      issuer: asEndpoints(this.config.PUBLIC_URL, tenant.slug).issuer,
      clientId: client.clientId,
      audience: grant.resource,
      scopes,
      lifetimeSec: client.tokenLifetimeSec,
    });
    this.audit.emit({
      tenantId: tenant.id,
      actor: { type: 'agent', id: client.agentId, label: client.name },
      action: 'token.issued',
      target: { type: 'server', id: grant.serverId, label: grant.serverSlug },
      outcome: 'success',
      ip: req.ip,
      requestId: String(req.id),
      details: { jti: claims.jti, scope: claims.scope, exp: claims.exp, ...(policy ? { policy } : {}) },
    });
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: client.tokenLifetimeSec,
      ...(claims.scope ? { scope: claims.scope } : {}),
    };
  }

  /** RFC 8707: exactly one resource, normalised, and one this client is granted. */
  private resolveResource(
    raw: string | undefined,
    granted: Iterable<string>,
    deny: (e: OAuthError, r: string) => OAuthError,
  ): string {
    const all = [...granted];
    if (raw === undefined) {
      if (all.length === 1) return all[0]!;
      throw deny(
        new OAuthError('invalid_target', 'Name the MCP server with the resource parameter.'),
        'resource missing',
      );
    }
    let resource: string;
    try {
      resource = normalizeResource(raw);
    } catch (e) {
      if (e instanceof ResourceError)
        throw deny(new OAuthError('invalid_target', e.message), 'malformed resource');
      throw e;
    }
    if (!all.includes(resource)) {
      throw deny(
        new OAuthError('invalid_target', 'Unknown resource, or not granted to this client.'),
        'resource not granted',
      );
    }
    return resource;
  }
}

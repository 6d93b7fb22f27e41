// The authorization server's decisions: issuing client_credentials tokens, introspection and
// revocation. HTTP parsing lives in oauth.routes.ts; this file is the rules.
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import {
  ResourceError,
  ScopeError,
  SecretHasher,
  TokenError,
  isWellFormedApiKey,
  issueAccessToken,
  narrowScope,
  normalizeResource,
  verifyAccessToken,
} from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { SECRET_HASHER } from '../infra/core.module';
import { AuditService } from '../audit/audit.service';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { ClientAuthThrottle } from './failure-throttle';
import { ClientRegistry } from './client-registry';
import { AuthenticatedClient, authenticatePresented, readCredentials } from './client-auth';
import type { Form } from './form';
import { asEndpoints } from './issuer';
import { OAuthError, clientAuthFailed } from './oauth-error';
import { SigningKeysService } from './signing-keys.service';
import { TokenState } from './token-state';
import type { TenantRef } from './tenant-directory';
import { InvalidationBus } from '../infra/invalidation';
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
    private readonly adminTokens: ApiTokensService,
    private readonly bus: InvalidationBus,
    private readonly issuancePolicy: IssuancePolicy,
    private readonly people: PeopleTokens,
    private readonly tenantDbs: TenantDbFactory,
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

  /** Authenticates the client, counting failures per client and IP. */
  private async authenticate(
    req: FastifyRequest,
    form: Form,
    tenant: TenantRef,
  ): Promise<AuthenticatedClient> {
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

  /**
   * Who may introspect or revoke: a client of this tenant, or an API token of it (`admin`: any
   * of the tenant's tokens, whatever the client). Revoking is a write: it takes the admin role.
   */
  private async caller(
    req: FastifyRequest,
    form: Form,
    tenant: TenantRef,
  ): Promise<{ clientId?: string; admin: boolean; tokenId?: string; mayWrite?: boolean }> {
    const auth = req.headers.authorization;
    if (auth && /^Bearer\s/i.test(auth)) {
      const principal = await this.adminTokens.authenticate(auth.slice(7).trim());
      if (!principal || principal.tenantId !== tenant.id)
        throw new OAuthError('invalid_client', 'Client authentication failed.');
      return { admin: true, tokenId: principal.tokenId, mayWrite: principal.role === 'admin' };
    }
    const { client } = await this.authenticate(req, form, tenant);
    return { clientId: client.clientId, admin: false };
  }

  /** Verifies one of this tenant's access tokens, whatever its audience. */
  private async verifyOwnToken(token: string, tenant: TenantRef) {
    let aud: unknown;
    try {
      aud = decodeJwt(token).aud;
    } catch {
      return null;
    }
    if (typeof aud !== 'string') return null;
    const ring = await this.keys.ring(tenant.id);
    try {
      return await verifyAccessToken(token, {
        issuer: asEndpoints(this.config.PUBLIC_URL, tenant.slug).issuer,
        audience: aud,
        keys: (kid) => ring.verificationKey(kid),
      });
    } catch (e) {
      if (e instanceof TokenError) return null;
      throw e;
    }
  }

  /** API keys are revocable here too: by the agent that owns the key, or by an admin. */
  private async revokeApiKey(
    key: string,
    caller: { clientId?: string; admin: boolean; tokenId?: string },
    tenant: TenantRef,
    requestId: string,
  ) {
    const hash = this.hasher.hash(key);
    const db = this.tenantDbs.forTenant(tenant.id);
    const row = await db.agentApiKey.findUnique({
      where: { hash },
      include: { agent: { select: { clientId: true } } },
    });
    if (!row || row.tenantId !== tenant.id || row.revokedAt) return;
    if (!caller.admin && caller.clientId !== row.agent.clientId) return;
    await db.agentApiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await this.bus.publish({ kind: 'apiKey', tenantId: tenant.id, hash });
    this.audit.emit({
      tenantId: tenant.id,
      actor: caller.admin
        ? { type: 'admin_token', id: caller.tokenId! }
        : { type: 'agent', id: caller.clientId! },
      action: 'api_key.revoked',
      target: { type: 'agent', id: row.agentId },
      outcome: 'success',
      requestId,
      details: { apiKeyId: row.id },
    });
  }

  async introspect(req: FastifyRequest, form: Form, tenant: TenantRef): Promise<Record<string, unknown>> {
    const caller = await this.caller(req, form, tenant);
    const token = form.get('token');
    if (!token) throw new OAuthError('invalid_request', 'token is required.');
    const verified = await this.verifyOwnToken(token, tenant);
    if (!verified) return { active: false };
    const c = verified.claims;
    // A client may introspect its own tokens and tokens for resources it can see; admins all.
    if (!caller.admin && caller.clientId !== c.client_id) return { active: false };
    // A person's token (sub is not the client) holds while the person's standing does (issue 14).
    const live =
      c.sub === c.client_id
        ? (await this.registry.get(c.client_id))?.active === true
        : await this.people.holds(tenant, c);
    if (!live || (await this.state.isRevoked(tenant.id, c.jti))) return { active: false };
    return {
      active: true,
      iss: c.iss,
      sub: c.sub,
      aud: c.aud,
      client_id: c.client_id,
      scope: c.scope,
      token_type: 'Bearer',
      exp: c.exp,
      iat: c.iat,
      jti: c.jti,
    };
  }

  async revoke(req: FastifyRequest, form: Form, tenant: TenantRef): Promise<void> {
    if (await this.people.isPeopleClientRequest(req, form, tenant)) {
      return this.people.revoke(
        req,
        form,
        tenant,
        async (token) => (await this.verifyOwnToken(token, tenant))?.claims ?? null,
      );
    }
    const caller = await this.caller(req, form, tenant);
    if (caller.tokenId && !caller.mayWrite) {
      throw new OAuthError('access_denied', "An auditor's API token cannot revoke; use an admin token.", {
        status: 403,
      });
    }
    const token = form.get('token');
    if (!token) throw new OAuthError('invalid_request', 'token is required.');
    if (isWellFormedApiKey(token)) return this.revokeApiKey(token, caller, tenant, String(req.id));
    const verified = await this.verifyOwnToken(token, tenant);
    // RFC 7009 §2.2: an invalid or unknown token is not an error.
    if (!verified || (!caller.admin && caller.clientId !== verified.claims.client_id)) return;
    await this.state.revoke(tenant.id, verified.claims.jti, verified.claims.exp);
    await this.bus.publish({ kind: 'token', tenantId: tenant.id, jti: verified.claims.jti });
    this.audit.emit({
      tenantId: tenant.id,
      actor: caller.admin
        ? { type: 'admin_token', id: caller.tokenId! }
        : { type: 'agent', id: caller.clientId! },
      action: 'token.revoked',
      outcome: 'success',
      requestId: String(req.id),
      details: { jti: verified.claims.jti, client_id: verified.claims.client_id },
    });
  }
}

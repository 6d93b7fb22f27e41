// Introspection (RFC 7662) and revocation (RFC 7009) of a tenant's tokens and API keys, for its
// agents' clients and its API tokens; people's clients revoke through PeopleTokens.
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { SecretHasher, TokenError, isWellFormedApiKey, verifyAccessToken } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { SECRET_HASHER } from '../infra/core.module';
import { InvalidationBus } from '../infra/invalidation';
import { AuditService } from '../audit/audit.service';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { ClientRegistry } from './client-registry';
import type { Form } from './form';
import { asEndpoints } from './issuer';
import { OAuthError } from './oauth-error';
import { PeopleTokens } from './people-tokens';
import { SigningKeysService } from './signing-keys.service';
import { TokenState } from './token-state';
import { TokenService } from './token.service';
import type { TenantRef } from './tenant-directory';

@Injectable()
export class TokenRevocation {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly tokens: TokenService,
    private readonly registry: ClientRegistry,
    private readonly keys: SigningKeysService,
    private readonly state: TokenState,
    private readonly audit: AuditService,
    private readonly adminTokens: ApiTokensService,
    private readonly bus: InvalidationBus,
    private readonly people: PeopleTokens,
    private readonly tenantDbs: TenantDbFactory,
  ) {}

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
    const { client } = await this.tokens.authenticate(req, form, tenant);
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

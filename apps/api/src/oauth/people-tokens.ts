// The token endpoint for people's MCP hosts: the authorization_code grant (PKCE, single-use
// codes bound to client, redirect URI and resource; a replayed code revokes what it minted)
// and the refresh_token grant (rotation; a used token presented again revokes its family;
// idle and absolute lifetimes per tenant). Access tokens name the member as `sub` and the
// client as `client_id`. Also RFC 7009 revocation by these clients.
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type OAuthGrant } from '@portcullis/db';
import {
  ResourceError,
  ScopeError,
  SecretHasher,
  issueAccessToken,
  narrowScope,
  normalizeResource,
  verifyPkceS256,
} from '@portcullis/auth-core';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { AppConfig, CONFIG } from '../config/config';
import { SECRET_HASHER } from '../infra/core.module';
import { TenantDbFactory } from '../infra/database';
import { MemberDirectory } from './member-directory';
import { personStanding } from './standing';
import type { DecisionSummary } from '../policies/policy-runtime';
import { AuthorizationStore, type CodeBinding } from './authorization-store';
import { ClientAuthThrottle } from './failure-throttle';
import type { Form } from './form';
import { GrantFamilies } from './grant-families';
import { IssuancePolicy, IssuanceRefused } from './issuance-policy';
import { asEndpoints, resourceUrl } from './issuer';
import { OAuthError } from './oauth-error';
import { authenticatePeopleClient, peopleClientClaim } from './people-client-auth';
import { PeopleClients, type PeopleClient } from './people-clients';
import { SigningKeysService } from './signing-keys.service';
import type { TenantRef } from './tenant-directory';
import type { TokenResponse } from './token.service';

/** Access tokens of people: short, since a refresh is cheap and every call is re-checked anyway. */
export const PERSON_TOKEN_LIFETIME_SEC = 300;

const DAY_MS = 86_400_000;
const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);

interface Binding {
  userId: string;
  serverId: string;
  resource: string;
  scopes: string[];
}

@Injectable()
export class PeopleTokens {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly tenantDbs: TenantDbFactory,
    private readonly clients: PeopleClients,
    private readonly store: AuthorizationStore,
    private readonly families: GrantFamilies,
    private readonly members: MemberDirectory,
    private readonly keys: SigningKeysService,
    private readonly throttle: ClientAuthThrottle,
    private readonly audit: AuditService,
    private readonly issuancePolicy: IssuancePolicy,
  ) {}

  /** Whether a person's access token still holds: the client enabled, the person still a member, granted and consenting. */
  async holds(tenant: TenantRef, claims: { sub: string; client_id: string; aud: string }): Promise<boolean> {
    const base = resourceUrl(this.config.PUBLIC_URL, tenant.slug, '');
    const slug = claims.aud.startsWith(base) ? claims.aud.slice(base.length) : '';
    const server = /^[a-z0-9-]{1,63}$/.test(slug)
      ? await this.tenantDbs
          .forTenant(tenant.id)
          .mcpServer.findFirst({ where: { slug, status: 'active' }, select: { id: true } })
      : null;
    if (!server) return false;
    const [client, member] = await Promise.all([
      this.clients.get(tenant.id, claims.client_id),
      this.members.get(tenant.id, claims.sub),
    ]);
    return personStanding(member, client, server.id).ok;
  }

  /** Whether a revocation request comes from a people's client of this tenant (not an agent or an admin). */
  async isPeopleClientRequest(req: FastifyRequest, form: Form, tenant: TenantRef): Promise<boolean> {
    if (req.headers.authorization && /^Bearer\s/i.test(req.headers.authorization)) return false;
    let claim;
    try {
      claim = peopleClientClaim(req.headers.authorization, form);
    } catch {
      return false;
    }
    return !!claim.clientId && (await this.clients.get(tenant.id, claim.clientId)) !== null;
  }

  private async authenticate(req: FastifyRequest, form: Form, tenant: TenantRef): Promise<PeopleClient> {
    const claim = peopleClientClaim(req.headers.authorization, form);
    const claimedId = claim.clientId?.slice(0, 200);
    this.throttle.assertNotBlocked(claimedId, req.ip);
    try {
      const client = await authenticatePeopleClient(claim, tenant.id, this.clients, this.hasher);
      if (client.status !== 'active')
        throw new OAuthError('invalid_client', 'This client is disabled or awaits approval.');
      return client;
    } catch (e) {
      if (e instanceof OAuthError && e.error === 'invalid_client') {
        this.audit.emit({
          tenantId: tenant.id,
          actor: { type: 'client', id: claimedId ?? 'unknown' },
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

  private denier(req: FastifyRequest, tenant: TenantRef, actor: AuditActor, grantType: string) {
    return (e: OAuthError, reason: string) => {
      this.audit.emit({
        tenantId: tenant.id,
        actor,
        action: 'token.denied',
        outcome: 'denied',
        reason,
        ip: req.ip,
        requestId: String(req.id),
        details: { grant_type: grantType },
      });
      return e;
    };
  }

  async redeemCode(req: FastifyRequest, form: Form, tenant: TenantRef): Promise<TokenResponse> {
    const client = await this.authenticate(req, form, tenant);
    const clientActor: AuditActor = { type: 'client', id: client.clientId, label: client.name ?? undefined };
    const deny = this.denier(req, tenant, clientActor, 'authorization_code');
    const code = form.get('code');
    if (!code) throw deny(new OAuthError('invalid_request', 'code is required.'), 'code missing');
    const redemption = await this.store.redeem(code);
    if (redemption.kind === 'unknown')
      throw deny(invalidGrant('The code is invalid or expired.'), 'unknown or expired code');
    if (redemption.kind === 'reused') {
      const revoked = redemption.grantId
        ? await this.families.revoke({ tenantId: tenant.id, id: redemption.grantId }, 'code_reused')
        : [];
      this.audit.emit({
        tenantId: tenant.id,
        actor: clientActor,
        action: 'token.code_reused',
        outcome: 'denied',
        ip: req.ip,
        requestId: String(req.id),
        reason: 'an authorization code was presented again; the tokens it minted are revoked',
        details: { revokedGrants: revoked.map((g) => g.id) },
      });
      throw invalidGrant('The code was already used. The tokens issued for it are revoked.');
    }
    const b = redemption.binding;
    const personActor: AuditActor = { type: 'user', id: b.userId };
    const denyFor = this.denier(req, tenant, personActor, 'authorization_code');
    if (b.tenantId !== tenant.id || b.clientRowId !== client.rowId)
      throw denyFor(invalidGrant('The code was issued to another client.'), 'code of another client');
    const redirectUri = form.get('redirect_uri');
    if ((b.redirectUriSent || redirectUri !== undefined) && redirectUri !== b.redirectUri) {
      throw denyFor(
        invalidGrant('redirect_uri differs from the authorization request.'),
        'redirect_uri mismatch',
      );
    }
    const verifier = form.get('code_verifier');
    if (!verifier)
      throw denyFor(
        new OAuthError('invalid_request', 'code_verifier is required (PKCE).'),
        'code_verifier missing',
      );
    if (!verifyPkceS256(verifier, b.codeChallenge))
      throw denyFor(invalidGrant('PKCE verification failed.'), 'wrong code_verifier');
    this.assertResource(form, b.resource, denyFor);

    const issued = await this.issueForBinding(req, tenant, client, b, denyFor, async (binding) => {
      const created = await this.tenantDbs
        .forTenant(tenant.id)
        .$transaction((tx) =>
          this.families.create(
            tx,
            { tenantId: tenant.id, clientRowId: client.rowId, ...binding },
            client.grantTypes.has('refresh_token'),
          ),
        );
      if (!(await this.store.settle(redemption.marker, created.grant.id))) {
        await this.families.revoke({ tenantId: tenant.id, id: created.grant.id }, 'code_reused');
        throw denyFor(
          invalidGrant('The code was used twice at once. The tokens issued for it are revoked.'),
          'code replayed while redeemed',
        );
      }
      return created;
    });
    return issued;
  }

  async refresh(req: FastifyRequest, form: Form, tenant: TenantRef): Promise<TokenResponse> {
    const client = await this.authenticate(req, form, tenant);
    const deny = this.denier(
      req,
      tenant,
      { type: 'client', id: client.clientId, label: client.name ?? undefined },
      'refresh_token',
    );
    const presented = form.get('refresh_token');
    if (!presented)
      throw deny(new OAuthError('invalid_request', 'refresh_token is required.'), 'refresh_token missing');
    const row = await this.tenantDbs.forTenant(tenant.id).oAuthRefreshToken.findUnique({
      where: { hash: this.families.hashRefreshToken(presented) },
      include: { grant: true },
    });
    if (!row || row.tenantId !== tenant.id || row.grant.clientRowId !== client.rowId) {
      throw deny(invalidGrant('The refresh token is invalid.'), 'unknown refresh token');
    }
    const grant = row.grant;
    const personActor: AuditActor = { type: 'user', id: grant.userId };
    const denyFor = this.denier(req, tenant, personActor, 'refresh_token');
    if (row.usedAt) {
      await this.reused(req, tenant, grant, personActor);
      throw invalidGrant('The refresh token was already used. Its grant is revoked: authorize again.');
    }
    if (grant.revokedAt)
      throw denyFor(
        invalidGrant('The grant was revoked: authorize again.'),
        `grant revoked (${grant.revokedReason ?? 'revoked'})`,
      );
    const limits = await this.tenantDbs.forTenant(tenant.id).tenant.findUniqueOrThrow({
      where: { id: tenant.id },
      select: { refreshIdleDays: true, refreshMaxDays: true },
    });
    const now = Date.now();
    if (
      now > grant.createdAt.getTime() + limits.refreshMaxDays * DAY_MS ||
      now > grant.lastUsedAt.getTime() + limits.refreshIdleDays * DAY_MS
    ) {
      await this.families.revoke({ tenantId: tenant.id, id: grant.id }, 'expired');
      throw denyFor(invalidGrant('The refresh token has expired: authorize again.'), 'refresh token expired');
    }
    this.assertResource(form, grant.resource, denyFor);
    let scopes = grant.scopes;
    if (form.get('scope') !== undefined) {
      try {
        scopes = narrowScope(form.get('scope'), grant.scopes);
      } catch (e) {
        if (e instanceof ScopeError)
          throw denyFor(
            new OAuthError('invalid_scope', `${e.message} (a refresh can only narrow the grant).`),
            'scope beyond the grant',
          );
        throw e;
      }
    }
    const binding = { userId: grant.userId, serverId: grant.serverId, resource: grant.resource, scopes };
    return this.issueForBinding(
      req,
      tenant,
      client,
      binding,
      denyFor,
      async () => {
        const rotated = await this.tenantDbs.forTenant(tenant.id).$transaction(async (tx) => {
          const { count } = await tx.oAuthRefreshToken.updateMany({
            where: { id: row.id, usedAt: null },
            data: { usedAt: new Date() },
          });
          if (count !== 1) return null;
          await tx.oAuthGrant.update({ where: { id: grant.id }, data: { lastUsedAt: new Date() } });
          return this.families.addRefreshToken(tx, grant);
        });
        if (rotated === null) {
          // Another request rotated this token first: one of the two holders is not the client.
          await this.reused(req, tenant, grant, personActor);
          throw invalidGrant('The refresh token was already used. Its grant is revoked: authorize again.');
        }
        return { grant, refreshToken: rotated };
      },
      grant,
    );
  }

  private async reused(
    req: FastifyRequest,
    tenant: TenantRef,
    grant: OAuthGrant,
    actor: AuditActor,
  ): Promise<void> {
    await this.families.revoke({ tenantId: tenant.id, id: grant.id }, 'refresh_reused');
    this.audit.emit({
      tenantId: tenant.id,
      actor,
      action: 'token.refresh_reused',
      target: { type: 'oauth_grant', id: grant.id },
      outcome: 'denied',
      ip: req.ip,
      requestId: String(req.id),
      reason: 'a used refresh token was presented again; its family is revoked',
      details: { clientRowId: grant.clientRowId },
    });
  }

  /** RFC 8707: a resource, when sent, must be the one the grant is bound to. */
  private assertResource(
    form: Form,
    bound: string,
    deny: (e: OAuthError, reason: string) => OAuthError,
  ): void {
    const raw = form.get('resource');
    if (raw === undefined) return;
    let resource: string;
    try {
      resource = normalizeResource(raw);
    } catch (e) {
      if (e instanceof ResourceError)
        throw deny(new OAuthError('invalid_target', e.message), 'malformed resource');
      throw e;
    }
    if (resource !== bound)
      throw deny(
        new OAuthError('invalid_target', 'The resource differs from the one this grant is for.'),
        'resource mismatch',
      );
  }

  /**
   * Re-checks the person's standing and the policies, lets `persist` record the grant (and
   * rotate or create the refresh token), then signs the access token.
   */
  private async issueForBinding(
    req: FastifyRequest,
    tenant: TenantRef,
    client: PeopleClient,
    b: Binding | CodeBinding,
    deny: (e: OAuthError, reason: string) => OAuthError,
    persist: (b: Binding) => Promise<{ grant: Pick<OAuthGrant, 'id' | 'tenantId'>; refreshToken?: string }>,
    existing?: OAuthGrant,
  ): Promise<TokenResponse> {
    const member = await this.members.get(tenant.id, b.userId);
    const standing = personStanding(member, client, b.serverId);
    const server = await this.tenantDbs
      .forTenant(tenant.id)
      .mcpServer.findFirst({ where: { id: b.serverId, status: 'active' }, select: { slug: true } });
    if (!standing.ok || !server) {
      if (existing) await this.families.revoke({ tenantId: tenant.id, id: existing.id }, 'access_lost');
      throw deny(
        invalidGrant('The authorization no longer holds: authorize again.'),
        standing.ok ? 'server disabled' : standing.reason,
      );
    }
    const actor: AuditActor = { type: 'user', id: b.userId, label: member!.email };
    let policy: DecisionSummary | undefined;
    try {
      policy = await this.issuancePolicy.check(req, {
        tenant,
        actor,
        callerId: `user:${b.userId}`,
        clientId: client.clientId,
        serverId: b.serverId,
      });
    } catch (e) {
      if (e instanceof IssuanceRefused) throw deny(e.oauth, e.reason);
      throw e;
    }
    const binding = { userId: b.userId, serverId: b.serverId, resource: b.resource, scopes: b.scopes };
    const { grant, refreshToken } = await persist(binding);
    const ring = await this.keys.ring(tenant.id);
    const { token, claims } = await issueAccessToken(ring.activeKey(), {
      issuer: asEndpoints(this.config.PUBLIC_URL, tenant.slug).issuer,
      clientId: client.clientId,
      subject: b.userId,
      audience: b.resource,
      scopes: b.scopes,
      lifetimeSec: PERSON_TOKEN_LIFETIME_SEC,
    });
    await this.families.recordAccessToken(grant.id, claims.jti, claims.exp);
    this.audit.emit({
      tenantId: tenant.id,
      actor,
      action: 'token.issued',
      target: { type: 'server', id: b.serverId, label: server.slug },
      outcome: 'success',
      ip: req.ip,
      requestId: String(req.id),
      details: {
        grant_type: existing ? 'refresh_token' : 'authorization_code',
        client: { id: client.clientId, name: client.name },
        grantId: grant.id,
        jti: claims.jti,
        scope: claims.scope,
        exp: claims.exp,
        refreshed: refreshToken !== undefined,
        ...(policy ? { policy } : {}),
      },
    });
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: PERSON_TOKEN_LIFETIME_SEC,
      ...(claims.scope ? { scope: claims.scope } : {}),
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    };
  }

  /**
   * RFC 7009 for people's clients: a refresh token revokes its whole grant; an access token
   * (checked by `verify`, the token endpoint's own verifier) is put on the deny-list. Tokens
   * of other clients, or unknown ones, are ignored (RFC 7009 §2.2).
   */
  async revoke(
    req: FastifyRequest,
    form: Form,
    tenant: TenantRef,
    verify: (token: string) => Promise<{ jti: string; exp: number; client_id: string } | null>,
  ): Promise<void> {
    const client = await this.authenticate(req, form, tenant);
    const token = form.get('token');
    if (!token) throw new OAuthError('invalid_request', 'token is required.');
    const actor: AuditActor = { type: 'client', id: client.clientId, label: client.name ?? undefined };
    const row = await this.tenantDbs.forTenant(tenant.id).oAuthRefreshToken.findUnique({
      where: { hash: this.families.hashRefreshToken(token) },
      include: { grant: true },
    });
    if (row && row.tenantId === tenant.id && row.grant.clientRowId === client.rowId) {
      await this.families.revoke({ tenantId: tenant.id, id: row.grantId }, 'revoked_by_client');
      this.audit.emit({
        tenantId: tenant.id,
        actor,
        action: 'token.revoked',
        target: { type: 'oauth_grant', id: row.grantId },
        outcome: 'success',
        requestId: String(req.id),
        details: { token_type: 'refresh_token' },
      });
      return;
    }
    const claims = row ? null : await verify(token);
    if (!claims || claims.client_id !== client.clientId) return;
    await this.families.revokeAccessToken(tenant.id, claims.jti, claims.exp);
    this.audit.emit({
      tenantId: tenant.id,
      actor,
      action: 'token.revoked',
      outcome: 'success',
      requestId: String(req.id),
      details: { jti: claims.jti, token_type: 'access_token' },
    });
  }
}

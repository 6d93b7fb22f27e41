// Sign-in through a tenant's identity provider: the authorization code flow with PKCE, state
// and nonce (openid-client), then just-in-time membership. The flow's secrets wait in Redis
// under the state, and the state is also bound to the browser by an httpOnly cookie, so a
// callback URL replayed in another browser (login CSRF) does nothing.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import * as oidc from 'openid-client';
import { Role } from '@portcullis/db';
import { SecretHasher } from '@portcullis/auth-core';
import { AuditService } from '../audit/audit.service';
import { revokeTokensBeyond } from '../api-tokens/api-tokens.service';
import { AppError } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { SECRET_HASHER } from '../infra/core.module';
import { REDIS } from '../infra/redis';
import { SsoConnections } from './sso-connections.service';
import { SsoRefusal, admittedEmail, mappedRole } from './sso-rules';

export const SSO_COOKIE = 'pc_sso';
const FLOW_SECONDS = 600;

interface Flow {
  tenantId: string;
  verifier: string;
  nonce: string;
  next: string;
}

@Injectable()
export class SsoSignIn {
  private readonly logger = new Logger('SsoSignIn');

  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly connections: SsoConnections,
    private readonly audit: AuditService,
  ) {}

  private key(state: string): string {
    return `${this.config.REDIS_PREFIX}:sso:flow:${this.hasher.hash(state)}`;
  }

  /** The identity provider's authorization URL for the tenant; `next` is already a safe path. */
  async start(reply: FastifyReply, tenantSlug: string, next: string): Promise<string> {
    const tenant = await this.db.tenant.findUnique({ where: { slug: tenantSlug }, include: { sso: true } });
    if (!tenant?.sso?.enabled)
      throw new AppError('not_found', 'This organisation does not sign in with single sign-on here.');
    const config = await this.connections.discover(tenant.sso);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const flow: Flow = { tenantId: tenant.id, verifier, nonce, next };
    await this.redis.set(this.key(state), JSON.stringify(flow), 'EX', FLOW_SECONDS);
    reply.setCookie(SSO_COOKIE, state, {
      path: '/api/v1/auth/sso',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
      maxAge: FLOW_SECONDS,
    });
    return oidc
      .buildAuthorizationUrl(config, {
        redirect_uri: this.connections.redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      .toString();
  }

  /** The callback: the person's user id, their tenant and where to go next. Single use. */
  async finish(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ userId: string; tenantId: string; next: string }> {
    const state = req.cookies?.[SSO_COOKIE];
    reply.clearCookie(SSO_COOKIE, { path: '/api/v1/auth/sso' });
    const stored = state && state.length <= 200 ? await this.redis.getdel(this.key(state)) : null;
    if (!state || !stored)
      throw new AppError(
        'unauthenticated',
        'This sign-in expired or was started in another browser. Start again.',
      );
    const flow = JSON.parse(stored) as Flow;
    const connection = await this.db.ssoConnection.findUnique({ where: { tenantId: flow.tenantId } });
    if (!connection?.enabled)
      throw new AppError('forbidden', 'Single sign-on was turned off for this organisation.');
    const config = await this.connections.discover(connection);
    // The URL the provider redirected to, as the browser saw it (through the console).
    const current = new URL(req.url, this.connections.redirectUri);
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: state,
        expectedNonce: flow.nonce,
      });
      const idClaims: Record<string, unknown> = tokens.claims() ?? {};
      const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
      claims = { ...idClaims, ...userInfo };
    } catch (e) {
      this.logger.warn(
        `single sign-on failed for tenant ${flow.tenantId}: ${e instanceof Error ? e.message : String(e)}`,
      );
      throw new AppError('unauthenticated', 'The identity provider did not confirm who you are.');
    }
    try {
      const email = admittedEmail(claims, connection.allowedDomains);
      const role = mappedRole(
        claims,
        connection.groupsClaim,
        connection.groupRoles as Record<string, Role>,
        connection.defaultRole,
      );
      const name =
        typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 120) : email;
      const userId = await this.admit(flow.tenantId, email, name, role, req.ip);
      return { userId, tenantId: flow.tenantId, next: flow.next };
    } catch (e) {
      if (!(e instanceof SsoRefusal)) throw e;
      this.audit.emit({
        tenantId: flow.tenantId,
        actor: { type: 'user', id: typeof claims.email === 'string' ? claims.email : 'unknown' },
        action: 'session.sign_in_failed',
        outcome: 'denied',
        reason: e.reason,
        ip: req.ip,
        details: { method: 'sso' },
      });
      throw new AppError('forbidden', e.message);
    }
  }

  /**
   * Just-in-time membership: the person's account (made without a password if new) and their
   * membership with the mapped role. An existing member's role follows the provider's groups,
   * except an owner's, which only owners change.
   */
  private async admit(
    tenantId: string,
    email: string,
    name: string,
    role: Role,
    ip: string,
  ): Promise<string> {
    return this.db.$transaction(async (tx) => {
      const user =
        (await tx.user.findUnique({ where: { email } })) ??
        (await tx.user.create({ data: { email, name, passwordHash: null } }));
      const membership = await tx.membership.findUnique({
        where: { tenantId_userId: { tenantId, userId: user.id } },
      });
      const actor = { type: 'user' as const, id: user.id, label: email };
      if (!membership) {
        await tx.membership.create({ data: { tenantId, userId: user.id, role } });
        await this.audit.record(
          {
            tenantId,
            actor,
            action: 'member.joined',
            target: { type: 'user', id: user.id, label: email },
            outcome: 'success',
            ip,
            details: { role, via: 'sso' },
          },
          tx,
        );
      } else if (membership.role !== 'owner' && membership.role !== role) {
        await tx.membership.update({ where: { id: membership.id }, data: { role } });
        await this.audit.record(
          {
            tenantId,
            actor,
            action: 'member.role_changed',
            target: { type: 'user', id: user.id, label: email },
            outcome: 'success',
            ip,
            details: { from: membership.role, to: role, via: 'sso groups' },
          },
          tx,
        );
        await revokeTokensBeyond(tx, this.audit, { tenantId, userId: user.id, role, actor });
      }
      return user.id;
    });
  }
}

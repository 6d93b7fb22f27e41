// Passport strategies: local (e-mail + password) for sign-in, a session cookie for the
// console, and a bearer strategy for admin API tokens used by automation.
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { Strategy as CustomStrategy } from 'passport-custom';
import { burnPasswordCheck, verifyPassword } from '@portcullis/auth-core';
import { AppError } from '../common/errors';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { SessionsService } from './sessions.service';
import { AttemptThrottle } from './attempt-throttle';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { SESSION_COOKIE } from './cookies';

export interface SignedInUser {
  userId: string;
  email: string;
}

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly throttle: AttemptThrottle,
    private readonly sessions: SessionsService,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(req: FastifyRequest, rawEmail: string, password: string): Promise<SignedInUser> {
    const email = rawEmail.toLowerCase();
    // Counted before the hash, atomically: parallel guesses each take a point.
    await this.throttle.consume('sign-in', [
      ['signInAccount', email],
      ['signInIp', req.ip],
    ]);
    const user = await this.db.user.findUnique({ where: { email } });
    // Unknown user, wrong password and a person without a password (SSO only) take the same
    // time and get the same answer.
    const ok = user?.passwordHash
      ? await verifyPassword(user.passwordHash, password)
      : (await burnPasswordCheck(password), false);
    if (!user || !ok) {
      // Not awaited: a known address must not answer slower than an unknown one.
      if (user)
        void this.sessions
          .recordFailedSignIn(user.id, req.ip)
          .catch((e) => req.log.error({ err: e }, 'could not record a failed sign-in'));
      throw new AppError('invalid_credentials', 'The e-mail address or password is incorrect.');
    }
    await Promise.all([
      this.throttle.reset('signInAccount', email),
      this.throttle.refund('signInIp', req.ip),
    ]);
    await this.assertPasswordAllowed(user.id);
    return { userId: user.id, email };
  }

  /**
   * A person whose every tenant requires single sign-on (and who owns none of them) signs in
   * only through the identity provider. Owners keep the password: the break-glass path.
   */
  private async assertPasswordAllowed(userId: string): Promise<void> {
    const memberships = await this.db.membership.findMany({
      where: { userId },
      include: { tenant: { select: { slug: true, sso: { select: { enabled: true, ssoRequired: true } } } } },
    });
    const ssoOnly = (m: (typeof memberships)[number]) =>
      m.role !== 'owner' && !!m.tenant.sso?.enabled && m.tenant.sso.ssoRequired;
    if (memberships.length > 0 && memberships.every(ssoOnly)) {
      throw new AppError(
        'sso_required',
        `Your organisation signs in with single sign-on: use it for ${memberships[0]!.tenant.slug}.`,
      );
    }
  }
}

@Injectable()
export class SessionStrategy extends PassportStrategy(CustomStrategy, 'session') {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async validate(req: FastifyRequest) {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) throw new AppError('unauthenticated', 'Sign in first.');
    const principal = await this.sessions.resolve(token);
    if (!principal)
      throw new AppError('unauthenticated', 'Your session has expired or was revoked. Sign in again.');
    return principal;
  }
}

const BEARER = /^Bearer +([A-Za-z0-9_-]{10,200})$/;

/**
 * Admin API tokens, from the Authorization header only: a token in a query string or a body
 * ends up in access logs and browser history, so it is never read from there.
 */
@Injectable()
export class AdminTokenStrategy extends PassportStrategy(CustomStrategy, 'admin-token') {
  constructor(private readonly tokens: ApiTokensService) {
    super();
  }

  async validate(req: FastifyRequest) {
    const header = req.headers.authorization;
    if (header === undefined) return null; // not this strategy's request: the session strategy decides
    const token = BEARER.exec(header)?.[1];
    const principal = token ? await this.tokens.authenticate(token) : null;
    if (!principal) throw new AppError('unauthenticated', 'The API token is invalid, expired or revoked.');
    return principal;
  }
}

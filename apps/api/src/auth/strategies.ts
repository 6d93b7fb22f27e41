// Passport strategies: local (e-mail + password) for sign-in, a session cookie for the
// console, and a bearer strategy for admin API tokens used by automation.
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { Strategy as BearerStrategyBase } from 'passport-http-bearer';
import { Strategy as CustomStrategy } from 'passport-custom';
import { Db } from '@portcullis/db';
import { burnPasswordCheck, verifyPassword } from '@portcullis/auth-core';
import { AppError } from '../common/errors';
import { DB } from '../infra/database';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './signin-throttle';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { SESSION_COOKIE } from './cookies';

export interface SignedInUser {
  userId: string;
  email: string;
}

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionsService,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(req: FastifyRequest, rawEmail: string, password: string): Promise<SignedInUser> {
    const email = rawEmail.toLowerCase();
    await this.throttle.check(email, req.ip);
    const user = await this.db.user.findUnique({ where: { email } });
    // Unknown user and wrong password take the same time and get the same answer.
    const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
    if (!user || !ok) {
      await this.throttle.recordFailure(email, req.ip);
      if (user) await this.sessions.recordFailedSignIn(user.id, req.ip);
      throw new AppError('invalid_credentials', 'The e-mail address or password is incorrect.');
    }
    await this.throttle.recordSuccess(email);
    return { userId: user.id, email };
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
    if (!principal) throw new AppError('unauthenticated', 'Your session has expired or was revoked. Sign in again.');
    return principal;
  }
}

@Injectable()
export class AdminTokenStrategy extends PassportStrategy(BearerStrategyBase, 'admin-token') {
  constructor(private readonly tokens: ApiTokensService) {
    super();
  }

  async validate(token: string) {
    const principal = await this.tokens.authenticate(token);
    if (!principal) throw new AppError('unauthenticated', 'The API token is invalid, expired or revoked.');
    return principal;
  }
}

import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig, CONFIG } from '../config/config';
import { AppError } from '../common/errors';
import { TenantDbFactory } from '../infra/database';
import { ACCESS_KEY, AccessLevel, roleAllows } from '../common/access';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies';
import { SignInRequest } from '@portcullis/sdk';

function accessOf(reflector: Reflector, ctx: ExecutionContext): AccessLevel | undefined {
  return reflector.getAllAndOverride<AccessLevel>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authentication, deny by default. A bearer header means an admin API token; otherwise the
 * session cookie. Public routes skip it. A route that forgot to declare its access is refused.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard(['admin-token', 'session']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const level = accessOf(this.reflector, ctx);
    if (level === undefined) throw new AppError('forbidden', 'This route declares no access rule.');
    if (level === 'public') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (req.headers.authorization === undefined && req.cookies?.[SESSION_COOKIE] === undefined) {
      throw new AppError('unauthenticated', 'Sign in, or send an API token as Authorization: Bearer.');
    }
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err instanceof AppError ? err : new AppError('unauthenticated', 'Authentication failed.');
    if (!user) throw new AppError('unauthenticated', 'Authentication failed.');
    return user;
  }
}

/** Cookie-authenticated writes must echo the CSRF token and come from an allowed origin. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (!UNSAFE.has(req.method)) return true;
    const origin = req.headers.origin;
    if (origin && origin !== this.config.CONSOLE_URL && origin !== this.config.PUBLIC_URL) {
      throw new AppError('csrf_failed', 'Cross-origin request refused.');
    }
    const user = req.user;
    if (!user || user.kind !== 'user') return true;
    const sent = req.headers[CSRF_HEADER];
    const expected = Buffer.from(user.csrfToken);
    if (
      typeof sent !== 'string' ||
      sent.length !== expected.length ||
      !timingSafeEqual(Buffer.from(sent), expected)
    ) {
      throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header.');
    }
    return true;
  }
}

/** Role check and tenant context: the one place a request gets its tenant-scoped database. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenantDbs: TenantDbFactory,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const level = accessOf(this.reflector, ctx);
    if (level === 'public' || level === 'authenticated') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const principal = req.user!;
    if (!principal.tenantId || !principal.role) throw new AppError('forbidden', 'Select a tenant first.');
    if (principal.kind === 'user' && principal.ssoMissing) {
      throw new AppError(
        'sso_required',
        'This organisation signs in through its identity provider: sign in with single sign-on.',
      );
    }
    if (principal.kind === 'user' && principal.secondFactorMissing) {
      throw new AppError(
        'second_factor_required',
        'This tenant requires a second factor: set one up under Security, then sign in again with it.',
      );
    }
    if (!roleAllows(level!, principal.role)) {
      throw new AppError('forbidden', `Your role (${principal.role}) cannot do this.`);
    }
    req.tenantContext = {
      tenantId: principal.tenantId,
      role: principal.role,
      principal,
      db: this.tenantDbs.forTenant(principal.tenantId),
      actorId: principal.kind === 'user' ? principal.userId : principal.tokenId,
    };
    return true;
  }
}

/** Validates the sign-in body before passport-local reads it, so bad input is a 400 with fields. */
@Injectable()
export class LocalSignInGuard extends AuthGuard('local') {
  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    req.body = SignInRequest.parse(req.body ?? {});
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new AppError('invalid_credentials', 'The e-mail address or password is incorrect.');
    return user;
  }
}

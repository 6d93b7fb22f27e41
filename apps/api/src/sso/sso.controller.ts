// Single sign-on: the browser's way through the tenant's identity provider (start, callback:
// navigations, answered with redirects), and the tenant's settings (owners change them).
import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeNextPath, ssoRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import { AuthService } from '../auth/auth.service';
import type { TenantContext } from '../common/principal';
import { AppError } from '../common/errors';
import { Handles, In } from '../common/route/handles';
import { AppConfig, CONFIG } from '../config/config';
import { SsoConnections } from './sso-connections.service';
import { SsoSignIn } from './sso-signin.service';

@Controller()
export class SsoController {
  constructor(
    private readonly connections: SsoConnections,
    private readonly signIn: SsoSignIn,
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Errors of a navigation go back to the sign-in page, in words (never a stack or a token). */
  private toSignIn(reply: FastifyReply, e: unknown) {
    const message = e instanceof AppError ? e.message : 'Single sign-on failed. Try again.';
    return reply.redirect(`${this.config.CONSOLE_URL}/signin?sso_error=${encodeURIComponent(message)}`, 303);
  }

  @Handles(r.start)
  async start(@In() { query: { tenant, next } }: RouteInput<typeof r.start>, @Res() reply: FastifyReply) {
    try {
      if (!tenant || !/^[a-z0-9-]{1,63}$/.test(tenant))
        throw new AppError('validation_failed', 'Name your organisation (its tenant slug).');
      return reply.redirect(await this.signIn.start(reply, tenant, safeNextPath(next)), 303);
    } catch (e) {
      return this.toSignIn(reply, e);
    }
  }

  @Handles(r.callback)
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      const { userId, tenantId, next } = await this.signIn.finish(req, reply);
      // The provider authenticated the person by its own rules (its MFA included).
      await this.auth.startSession(req, reply, userId, {
        method: 'sso',
        secondFactor: true,
        tenantId,
        ssoTenantId: tenantId,
      });
      return reply.redirect(`${this.config.CONSOLE_URL}${next}`, 303);
    } catch (e) {
      return this.toSignIn(reply, e);
    }
  }

  @Handles(r.settings)
  settings(@CurrentTenant() t: TenantContext) {
    return this.connections.settings(t);
  }

  @Handles(r.put)
  put(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.put>) {
    return this.connections.put(t, body);
  }

  @Handles(r.remove)
  async remove(@CurrentTenant() t: TenantContext) {
    await this.connections.remove(t);
  }
}

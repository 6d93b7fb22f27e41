// Single sign-on: the browser's way through the tenant's identity provider (start, callback:
// navigations, answered with redirects), and the tenant's settings (owners change them).
import { Body, Controller, Delete, Get, HttpCode, Inject, Put, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { PutSsoConnectionRequest, SsoSettings, safeNextPath } from '@portcullis/sdk';
import { Access, CurrentTenant } from '../common/access';
import { AuthService } from '../auth/auth.service';
import type { TenantContext } from '../common/principal';
import { AppError } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { SsoConnections } from './sso-connections.service';
import { SsoSignIn } from './sso-signin.service';

class PutSsoDto extends createZodDto(PutSsoConnectionRequest) {}
class SsoSettingsDto extends createZodDto(SsoSettings) {}

@ApiTags('sso')
@Controller('api/v1')
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

  @Get('auth/sso/start')
  @Access('public')
  async start(@Query('tenant') tenant: string | undefined, @Query('next') next: string | undefined, @Res() reply: FastifyReply) {
    try {
      if (!tenant || !/^[a-z0-9-]{1,63}$/.test(tenant)) throw new AppError('validation_failed', 'Name your organisation (its tenant slug).');
      return reply.redirect(await this.signIn.start(reply, tenant, safeNextPath(next)), 303);
    } catch (e) {
      return this.toSignIn(reply, e);
    }
  }

  @Get('auth/sso/callback')
  @Access('public')
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      const { userId, tenantId, next } = await this.signIn.finish(req, reply);
      // The provider authenticated the person by its own rules (its MFA included).
      await this.auth.startSession(req, reply, userId, { method: 'sso', secondFactor: true, tenantId, ssoTenantId: tenantId });
      return reply.redirect(`${this.config.CONSOLE_URL}${next}`, 303);
    } catch (e) {
      return this.toSignIn(reply, e);
    }
  }

  @Get('tenant/sso')
  @Access('read')
  @ZodResponse({ type: SsoSettingsDto })
  settings(@CurrentTenant() t: TenantContext) {
    return this.connections.settings(t);
  }

  @Put('tenant/sso')
  @Access('owner')
  @ZodResponse({ type: SsoSettingsDto })
  put(@CurrentTenant() t: TenantContext, @Body() body: PutSsoDto) {
    return this.connections.put(t, body as PutSsoDto & { allowedDomains: string[] });
  }

  @Delete('tenant/sso')
  @Access('owner')
  @HttpCode(204)
  async remove(@CurrentTenant() t: TenantContext) {
    await this.connections.remove(t);
  }
}

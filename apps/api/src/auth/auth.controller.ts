import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import {
  AcceptInvitationRequest, CreateTenantRequest, EmailLinkRequest, InvitationPreview, InvitationTokenRequest, SessionList, SessionResponse,
  SignInRequest, SignInResult, SignUpRequest, SignUpResult, SwitchTenantRequest,
} from '@portcullis/sdk';
import { AppConfig, CONFIG } from '../config/config';
import { AppError } from '../common/errors';
import { assertUuid } from '../common/ids';
import { Access, CurrentPrincipal } from '../common/access';
import { AuthService } from './auth.service';
import { SecondFactorService } from './second-factor.service';
import { SignInChallenges } from './signin-challenge';
import { clearSessionCookies } from './cookies';
import { LocalSignInGuard } from './guards';
import { userOf, type Principal } from '../common/principal';
import type { SignedInUser } from './strategies';

class SignUpDto extends createZodDto(SignUpRequest) {}
class SignInDto extends createZodDto(SignInRequest) {}
class SwitchTenantDto extends createZodDto(SwitchTenantRequest) {}
class CreateTenantDto extends createZodDto(CreateTenantRequest) {}
class InvitationTokenDto extends createZodDto(InvitationTokenRequest) {}
class AcceptInvitationDto extends createZodDto(AcceptInvitationRequest) {}
class EmailLinkDto extends createZodDto(EmailLinkRequest) {}
class SignUpResultDto extends createZodDto(SignUpResult) {}
class SignInResultDto extends createZodDto(SignInResult) {}


class InvitationPreviewDto extends createZodDto(InvitationPreview) {}
class SessionListDto extends createZodDto(SessionList) {}
class SessionResponseDto extends createZodDto(SessionResponse) {}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly secondFactors: SecondFactorService,
    private readonly challenges: SignInChallenges,
  ) {}

  private startSession(req: FastifyRequest, reply: FastifyReply, userId: string) {
    return this.auth.startSession(req, reply, userId, { method: 'password', secondFactor: false });
  }

  /** 201 and a session when e-mail is off; otherwise 202 and a link by e-mail, whoever the address belongs to. */
  @Post('signup')
  @Access('public')
  @ZodResponse({ status: 201, type: SignUpResultDto })
  async signUp(@Body() body: SignUpDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const outcome = await this.auth.signUps.signUp(body, req.ip);
    if (outcome.kind === 'verification_sent') {
      void reply.status(202);
      return { status: outcome.kind };
    }
    return { status: outcome.kind, ...(await this.startSession(req, reply, outcome.userId)) };
  }

  @Post('signup/verify')
  @Access('public')
  @ZodResponse({ status: 201, type: SessionResponseDto })
  async verifySignUp(@Body() body: EmailLinkDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const userId = await this.auth.signUps.verify(body.token);
    return this.startSession(req, reply, userId);
  }

  /** The password; then either a session, or a challenge for the person's second factor. */
  @Post('signin')
  @Access('public')
  @UseGuards(LocalSignInGuard)
  @HttpCode(200)
  @ZodResponse({ type: SignInResultDto })
  async signIn(@Body() _body: SignInDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const signedIn = req.user as unknown as SignedInUser;
    const methods = await this.secondFactors.methodsOf(signedIn.userId);
    if (methods.length > 0) {
      await this.challenges.start(reply, signedIn.userId);
      return { status: 'second_factor_required' as const, methods };
    }
    return { status: 'signed_in' as const, ...(await this.startSession(req, reply, signedIn.userId)) };
  }

  @Post('signout')
  @Access('authenticated')
  @HttpCode(204)
  async signOut(@CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const user = userOf(p);
    await this.auth.sessions.revoke(user.userId, user.sessionId);
    clearSessionCookies(reply, this.config);
  }

  @Get('session')
  @Access('authenticated')
  @ZodResponse({ type: SessionResponseDto })
  async session(@CurrentPrincipal() p: Principal) {
    const user = userOf(p);
    return { ...(await this.auth.describe(user.userId, user.tenantId, user.csrfToken)), secondFactorRequired: !!user.secondFactorMissing };
  }

  @Post('session/tenant')
  @Access('authenticated')
  @HttpCode(200)
  @ZodResponse({ type: SessionResponseDto })
  async switchTenant(@CurrentPrincipal() p: Principal, @Body() body: SwitchTenantDto) {
    const user = userOf(p);
    await this.auth.switchTenant(user.userId, user.sessionId, body.tenantId);
    return this.auth.describe(user.userId, body.tenantId, user.csrfToken);
  }

  @Post('tenants')
  @Access('authenticated')
  @ZodResponse({ status: 201, type: SessionResponseDto })
  async createTenant(@CurrentPrincipal() p: Principal, @Body() body: CreateTenantDto) {
    const user = userOf(p);
    await this.auth.signUps.assertMayCreateTenant(user.userId);
    const tenant = await this.auth.tenants.createWithOwner(user.userId, body.name, body.slug);
    await this.auth.sessions.switchTenant(user.sessionId, tenant.id);
    return this.auth.describe(user.userId, tenant.id, user.csrfToken);
  }

  @Get('sessions')
  @Access('authenticated')
  @ZodResponse({ type: SessionListDto })
  async sessions(@CurrentPrincipal() p: Principal) {
    const user = userOf(p);
    const rows = await this.auth.sessions.list(user.userId);
    return {
      items: rows.map((s) => ({
        id: s.id,
        current: s.id === user.sessionId,
        ip: s.ip,
        userAgent: s.userAgent,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
      })),
    };
  }

  @Delete('sessions/:id')
  @Access('authenticated')
  @HttpCode(204)
  async revokeSession(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const user = userOf(p);
    assertUuid(id, 'Session');
    if (!(await this.auth.sessions.revoke(user.userId, id, id === user.sessionId ? 'signout' : 'revoked'))) throw new AppError('not_found', 'Session not found.');
  }

  @Post('invitations/preview')
  @Access('public')
  @HttpCode(200)
  @ZodResponse({ type: InvitationPreviewDto })
  previewInvitation(@Body() body: InvitationTokenDto) {
    return this.auth.previewInvitation(body.token);
  }

  /** Accept as the signed-in user, or create the account the invitation names. */
  @Post('invitations/accept')
  @Access('public')
  @HttpCode(200)
  @ZodResponse({ type: SessionResponseDto })
  async acceptInvitation(@Body() body: AcceptInvitationDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const current = await this.auth.principalFromCookie(req);
    if (current) {
      const tenantId = await this.auth.acceptAsUser(body.token, current.userId);
      await this.auth.sessions.switchTenant(current.sessionId, tenantId);
      return this.auth.describe(current.userId, tenantId, current.csrfToken);
    }
    const { userId, tenantId } = await this.auth.acceptAsNewUser(body);
    const described = await this.startSession(req, reply, userId);
    return described.tenant?.id === tenantId ? described : this.auth.describe(userId, tenantId, described.csrfToken);
  }
}

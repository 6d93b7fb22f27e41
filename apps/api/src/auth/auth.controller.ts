import { Controller, Inject, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authRoutes as r, type RouteInput } from '@portcullis/sdk';
import { AppConfig, CONFIG } from '../config/config';
import { AppError } from '../common/errors';
import { Handles, In } from '../common/route/handles';
import { CurrentPrincipal } from '../common/access';
import { AuthService } from './auth.service';
import { SecondFactorService } from './second-factor.service';
import { SignInChallenges } from './signin-challenge';
import { clearSessionCookies } from './cookies';
import { LocalSignInGuard } from './guards';
import { userOf, type Principal } from '../common/principal';
import type { SignedInUser } from './strategies';

@Controller()
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
  @Handles(r.signUp)
  async signUp(
    @In() { body }: RouteInput<typeof r.signUp>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.auth.signUps.signUp(body, req.ip);
    if (outcome.kind === 'verification_sent') {
      void reply.status(202);
      return { status: outcome.kind };
    }
    return { status: outcome.kind, ...(await this.startSession(req, reply, outcome.userId)) };
  }

  @Handles(r.verifySignUp)
  async verifySignUp(
    @In() { body }: RouteInput<typeof r.verifySignUp>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const userId = await this.auth.signUps.verify(body.token);
    return this.startSession(req, reply, userId);
  }

  /**
   * The password; then either a session, or a challenge for the person's second factor. The
   * guard has parsed the body (SignInRequest, the route's schema) and checked the password.
   */
  @Handles(r.signIn)
  @UseGuards(LocalSignInGuard)
  async signIn(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const signedIn = req.user as unknown as SignedInUser;
    const methods = await this.secondFactors.methodsOf(signedIn.userId);
    if (methods.length > 0) {
      await this.challenges.start(reply, signedIn.userId);
      return { status: 'second_factor_required' as const, methods };
    }
    return { status: 'signed_in' as const, ...(await this.startSession(req, reply, signedIn.userId)) };
  }

  @Handles(r.signOut)
  async signOut(@CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const user = userOf(p);
    await this.auth.sessions.revoke(user.userId, user.sessionId);
    clearSessionCookies(reply, this.config);
  }

  @Handles(r.session)
  async session(@CurrentPrincipal() p: Principal) {
    const user = userOf(p);
    return {
      ...(await this.auth.describe(user.userId, user.tenantId, user.csrfToken)),
      secondFactorRequired: !!user.secondFactorMissing,
    };
  }

  @Handles(r.switchTenant)
  async switchTenant(@CurrentPrincipal() p: Principal, @In() { body }: RouteInput<typeof r.switchTenant>) {
    const user = userOf(p);
    await this.auth.switchTenant(user.userId, user.sessionId, body.tenantId);
    return this.auth.describe(user.userId, body.tenantId, user.csrfToken);
  }

  @Handles(r.createTenant)
  async createTenant(@CurrentPrincipal() p: Principal, @In() { body }: RouteInput<typeof r.createTenant>) {
    const user = userOf(p);
    await this.auth.signUps.assertMayCreateTenant(user.userId);
    const tenant = await this.auth.tenants.createWithOwner(user.userId, body.name, body.slug);
    await this.auth.sessions.switchTenant(user.sessionId, tenant.id);
    return this.auth.describe(user.userId, tenant.id, user.csrfToken);
  }

  @Handles(r.sessions)
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

  @Handles(r.revokeSession)
  async revokeSession(
    @CurrentPrincipal() p: Principal,
    @In() { params: { id } }: RouteInput<typeof r.revokeSession>,
  ) {
    const user = userOf(p);
    if (!(await this.auth.sessions.revoke(user.userId, id, id === user.sessionId ? 'signout' : 'revoked')))
      throw new AppError('not_found', 'Session not found.');
  }

  @Handles(r.previewInvitation)
  previewInvitation(@In() { body }: RouteInput<typeof r.previewInvitation>) {
    return this.auth.previewInvitation(body.token);
  }

  /** Accept as the signed-in user, or create the account the invitation names. */
  @Handles(r.acceptInvitation)
  async acceptInvitation(
    @In() { body }: RouteInput<typeof r.acceptInvitation>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const current = await this.auth.principalFromCookie(req);
    if (current) {
      const tenantId = await this.auth.acceptAsUser(body.token, current.userId);
      await this.auth.sessions.switchTenant(current.sessionId, tenantId);
      return this.auth.describe(current.userId, tenantId, current.csrfToken);
    }
    const { userId, tenantId } = await this.auth.acceptAsNewUser(body);
    const described = await this.startSession(req, reply, userId);
    return described.tenant?.id === tenantId
      ? described
      : this.auth.describe(userId, tenantId, described.csrfToken);
  }
}

// The signed-in person's second factors, and the second step of sign-in.
import { Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { secondFactorRoutes as r, type RouteInput } from '@portcullis/sdk';
import { Handles, In } from '../common/route/handles';
import { CurrentPrincipal } from '../common/access';
import { AuthService } from './auth.service';
import { userOf, type Principal } from '../common/principal';
import { SecondFactorService } from './second-factor.service';
import { SignInChallenges } from './signin-challenge';

@Controller()
export class SecondFactorController {
  constructor(
    private readonly factors: SecondFactorService,
    private readonly auth: AuthService,
    private readonly challenges: SignInChallenges,
  ) {}

  @Handles(r.overview)
  overview(@CurrentPrincipal() p: Principal) {
    return this.factors.overview(userOf(p).userId);
  }

  /** A new authenticator secret, shown once (text and QR code); confirm it with a first code. */
  @Handles(r.totpSetup)
  setup(@CurrentPrincipal() p: Principal) {
    return this.factors.setupTotp(userOf(p).userId);
  }

  /** Turns the app on; answers the recovery codes, shown once. */
  @Handles(r.totpConfirm)
  async confirm(
    @CurrentPrincipal() p: Principal,
    @In() { body }: RouteInput<typeof r.totpConfirm>,
    @Req() req: FastifyRequest,
  ) {
    const user = userOf(p);
    return { recoveryCodes: await this.factors.confirmTotp(user.userId, user.sessionId, body.code, req.ip) };
  }

  @Handles(r.totpDisable)
  async disable(
    @CurrentPrincipal() p: Principal,
    @In() { body }: RouteInput<typeof r.totpDisable>,
    @Req() req: FastifyRequest,
  ) {
    await this.factors.disableTotp(userOf(p).userId, body, req.ip);
  }

  @Handles(r.regenerateRecoveryCodes)
  async regenerate(
    @CurrentPrincipal() p: Principal,
    @In() { body }: RouteInput<typeof r.regenerateRecoveryCodes>,
    @Req() req: FastifyRequest,
  ) {
    return { recoveryCodes: await this.factors.regenerateRecoveryCodes(userOf(p).userId, body.code, req.ip) };
  }

  /** After a right password: the code from the app, or a recovery code, opens the session. */
  @Handles(r.signIn)
  async signIn(
    @In() { body }: RouteInput<typeof r.signIn>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { userId, token } = await this.challenges.pending(req);
    const used = await this.factors.verifyForSignIn(userId, body, req.ip);
    await this.challenges.finish(reply, token);
    return this.auth.startSession(req, reply, userId, {
      method: used === 'totp' ? 'password+totp' : 'password+recovery_code',
      secondFactor: true,
    });
  }
}

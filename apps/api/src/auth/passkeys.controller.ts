// Passkeys: registered by the signed-in person, used as the second step of sign-in.
import { Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { secondFactorRoutes as r, type RouteInput } from '@portcullis/sdk';
import { Handles, In } from '../common/route/handles';
import { CurrentPrincipal } from '../common/access';
import { AuthService } from './auth.service';
import { PasskeysService } from './passkeys.service';
import { userOf, type Principal } from '../common/principal';
import { SignInChallenges } from './signin-challenge';

@Controller()
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly auth: AuthService,
    private readonly challenges: SignInChallenges,
  ) {}

  @Handles(r.passkeyOptions)
  registrationOptions(@CurrentPrincipal() p: Principal) {
    return this.passkeys.registrationOptions(userOf(p).userId);
  }

  @Handles(r.registerPasskey)
  register(
    @CurrentPrincipal() p: Principal,
    @In() { body }: RouteInput<typeof r.registerPasskey>,
    @Req() req: FastifyRequest,
  ) {
    const user = userOf(p);
    return this.passkeys.register(
      user.userId,
      user.sessionId,
      body.name,
      body.response as unknown as RegistrationResponseJSON,
      req.ip,
    );
  }

  @Handles(r.removePasskey)
  async remove(
    @CurrentPrincipal() p: Principal,
    @In() { params }: RouteInput<typeof r.removePasskey>,
    @Req() req: FastifyRequest,
  ) {
    await this.passkeys.remove(userOf(p).userId, params.id, req.ip);
  }

  /** After a right password: a challenge for one of the person's passkeys. */
  @Handles(r.passkeySignInOptions)
  async signInOptions(@Req() req: FastifyRequest) {
    const { userId, token } = await this.challenges.pending(req);
    return this.passkeys.signInOptions(userId, token);
  }

  @Handles(r.passkeySignIn)
  async signIn(
    @In() { body }: RouteInput<typeof r.passkeySignIn>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { userId, token } = await this.challenges.pending(req);
    await this.passkeys.verifySignIn(userId, token, body.response as unknown as AuthenticationResponseJSON);
    await this.challenges.finish(reply, token);
    return this.auth.startSession(req, reply, userId, { method: 'password+passkey', secondFactor: true });
  }
}

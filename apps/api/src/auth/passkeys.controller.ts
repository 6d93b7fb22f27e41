// Passkeys: registered by the signed-in person, used as the second step of sign-in.
import { Body, Controller, Delete, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { PasskeySignInRequest, PasskeyView, RegisterPasskeyRequest, SessionResponse, WebAuthnOptions } from '@portcullis/sdk';
import { assertUuid } from '../common/ids';
import { Access, CurrentPrincipal } from '../common/access';
import { AuthService } from './auth.service';
import { PasskeysService } from './passkeys.service';
import { userOf, type Principal } from '../common/principal';
import { SignInChallenges } from './signin-challenge';

class WebAuthnOptionsDto extends createZodDto(WebAuthnOptions) {}
class RegisterPasskeyDto extends createZodDto(RegisterPasskeyRequest) {}
class PasskeySignInDto extends createZodDto(PasskeySignInRequest) {}
class PasskeyViewDto extends createZodDto(PasskeyView) {}
class SessionResponseDto extends createZodDto(SessionResponse) {}

@ApiTags('auth')
@Controller('api/v1/auth')
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly auth: AuthService,
    private readonly challenges: SignInChallenges,
  ) {}

  @Post('passkeys/options')
  @Access('authenticated')
  @HttpCode(200)
  @ZodResponse({ type: WebAuthnOptionsDto })
  registrationOptions(@CurrentPrincipal() p: Principal) {
    return this.passkeys.registrationOptions(userOf(p).userId);
  }

  @Post('passkeys')
  @Access('authenticated')
  @ZodResponse({ status: 201, type: PasskeyViewDto })
  register(@CurrentPrincipal() p: Principal, @Body() body: RegisterPasskeyDto, @Req() req: FastifyRequest) {
    const user = userOf(p);
    return this.passkeys.register(user.userId, user.sessionId, body.name, body.response as unknown as RegistrationResponseJSON, req.ip);
  }

  @Delete('passkeys/:id')
  @Access('authenticated')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() req: FastifyRequest) {
    assertUuid(id, 'Passkey');
    await this.passkeys.remove(userOf(p).userId, id, req.ip);
  }

  /** After a right password: a challenge for one of the person's passkeys. */
  @Post('signin/passkey/options')
  @Access('public')
  @HttpCode(200)
  @ZodResponse({ type: WebAuthnOptionsDto })
  async signInOptions(@Req() req: FastifyRequest) {
    const { userId, token } = await this.challenges.pending(req);
    return this.passkeys.signInOptions(userId, token);
  }

  @Post('signin/passkey')
  @Access('public')
  @HttpCode(200)
  @ZodResponse({ type: SessionResponseDto })
  async signIn(@Body() body: PasskeySignInDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { userId, token } = await this.challenges.pending(req);
    await this.passkeys.verifySignIn(userId, token, body.response as unknown as AuthenticationResponseJSON);
    await this.challenges.finish(reply, token);
    return this.auth.startSession(req, reply, userId, { method: 'password+passkey', secondFactor: true });
  }
}

// The signed-in person's second factors, and the second step of sign-in.
import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RecoveryCodes, SecondFactorRequest, SecondFactors, SessionResponse, TotpCodeRequest, TotpSetup } from '@portcullis/sdk';
import { Access, CurrentPrincipal } from '../common/access';
import { AuthService } from './auth.service';
import { userOf, type Principal } from '../common/principal';
import { SecondFactorService } from './second-factor.service';
import { SignInChallenges } from './signin-challenge';

class SecondFactorDto extends createZodDto(SecondFactorRequest) {}
class TotpCodeDto extends createZodDto(TotpCodeRequest) {}
class TotpSetupDto extends createZodDto(TotpSetup) {}
class RecoveryCodesDto extends createZodDto(RecoveryCodes) {}
class SecondFactorsDto extends createZodDto(SecondFactors) {}
class SessionResponseDto extends createZodDto(SessionResponse) {}

@ApiTags('auth')
@Controller('api/v1/auth')
export class SecondFactorController {
  constructor(
    private readonly factors: SecondFactorService,
    private readonly auth: AuthService,
    private readonly challenges: SignInChallenges,
  ) {}

  @Get('second-factors')
  @Access('authenticated')
  @ZodResponse({ type: SecondFactorsDto })
  overview(@CurrentPrincipal() p: Principal) {
    return this.factors.overview(userOf(p).userId);
  }

  /** A new authenticator secret, shown once (text and QR code); confirm it with a first code. */
  @Post('totp/setup')
  @Access('authenticated')
  @HttpCode(200)
  @ZodResponse({ type: TotpSetupDto })
  setup(@CurrentPrincipal() p: Principal) {
    return this.factors.setupTotp(userOf(p).userId);
  }

  /** Turns the app on; answers the recovery codes, shown once. */
  @Post('totp/confirm')
  @Access('authenticated')
  @HttpCode(200)
  @ZodResponse({ type: RecoveryCodesDto })
  async confirm(@CurrentPrincipal() p: Principal, @Body() body: TotpCodeDto, @Req() req: FastifyRequest) {
    const user = userOf(p);
    return { recoveryCodes: await this.factors.confirmTotp(user.userId, user.sessionId, body.code, req.ip) };
  }

  @Post('totp/disable')
  @Access('authenticated')
  @HttpCode(204)
  async disable(@CurrentPrincipal() p: Principal, @Body() body: SecondFactorDto, @Req() req: FastifyRequest) {
    await this.factors.disableTotp(userOf(p).userId, body, req.ip);
  }

  @Post('recovery-codes')
  @Access('authenticated')
  @HttpCode(200)
  @ZodResponse({ type: RecoveryCodesDto })
  async regenerate(@CurrentPrincipal() p: Principal, @Body() body: TotpCodeDto, @Req() req: FastifyRequest) {
    return { recoveryCodes: await this.factors.regenerateRecoveryCodes(userOf(p).userId, body.code, req.ip) };
  }

  /** After a right password: the code from the app, or a recovery code, opens the session. */
  @Post('signin/second-factor')
  @Access('public')
  @HttpCode(200)
  @ZodResponse({ type: SessionResponseDto })
  async signIn(@Body() body: SecondFactorDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { userId, token } = await this.challenges.pending(req);
    const used = await this.factors.verifyForSignIn(userId, body, req.ip);
    await this.challenges.finish(reply, token);
    return this.auth.startSession(req, reply, userId, { method: used === 'totp' ? 'password+totp' : 'password+recovery_code', secondFactor: true });
  }
}

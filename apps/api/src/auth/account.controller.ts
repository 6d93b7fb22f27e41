// The signed-in person's own account: password change, and the public "forgot password" and
// reset-link routes.
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { ChangePasswordRequest, ForgotPasswordRequest, ResetPasswordRequest } from '@portcullis/sdk';
import { Access, CurrentPrincipal } from '../common/access';
import { PasswordService } from './password.service';
import { userOf, type Principal } from '../common/principal';

class ChangePasswordDto extends createZodDto(ChangePasswordRequest) {}
class ForgotPasswordDto extends createZodDto(ForgotPasswordRequest) {}
class ResetPasswordDto extends createZodDto(ResetPasswordRequest) {}

@ApiTags('auth')
@Controller('api/v1/auth/password')
export class AccountController {
  constructor(private readonly passwords: PasswordService) {}

  /** Needs the current password; ends every other session of the person. */
  @Post()
  @Access('authenticated')
  @HttpCode(204)
  async change(@CurrentPrincipal() p: Principal, @Body() body: ChangePasswordDto, @Req() req: FastifyRequest) {
    const user = userOf(p);
    await this.passwords.change(user.userId, user.sessionId, body.currentPassword, body.newPassword, req.ip);
  }

  /** 202 whether or not the address has an account; the link goes only to one that has. */
  @Post('forgot')
  @Access('public')
  @HttpCode(202)
  async forgot(@Body() body: ForgotPasswordDto, @Req() req: FastifyRequest) {
    await this.passwords.forgot(body.email, req.ip);
  }

  /** The e-mailed link: sets the password and ends every session; sign in afterwards. */
  @Post('reset')
  @Access('public')
  @HttpCode(204)
  async reset(@Body() body: ResetPasswordDto, @Req() req: FastifyRequest) {
    await this.passwords.reset(body.token, body.password, req.ip);
  }
}

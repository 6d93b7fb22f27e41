// The signed-in person's own account: password change, and the public "forgot password" and
// reset-link routes.
import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { authRoutes as r, type RouteInput } from '@portcullis/sdk';
import { Handles, In } from '../common/route/handles';
import { CurrentPrincipal } from '../common/access';
import { PasswordService } from './password.service';
import { userOf, type Principal } from '../common/principal';

@Controller()
export class AccountController {
  constructor(private readonly passwords: PasswordService) {}

  /** Needs the current password; ends every other session of the person. */
  @Handles(r.changePassword)
  async change(
    @CurrentPrincipal() p: Principal,
    @In() { body }: RouteInput<typeof r.changePassword>,
    @Req() req: FastifyRequest,
  ) {
    const user = userOf(p);
    await this.passwords.change(user.userId, user.sessionId, body.currentPassword, body.newPassword, req.ip);
  }

  /** 202 whether or not the address has an account; the link goes only to one that has. */
  @Handles(r.forgotPassword)
  async forgot(@In() { body }: RouteInput<typeof r.forgotPassword>, @Req() req: FastifyRequest) {
    await this.passwords.forgot(body.email, req.ip);
  }

  /** The e-mailed link: sets the password and ends every session; sign in afterwards. */
  @Handles(r.resetPassword)
  async reset(@In() { body }: RouteInput<typeof r.resetPassword>, @Req() req: FastifyRequest) {
    await this.passwords.reset(body.token, body.password, req.ip);
  }
}

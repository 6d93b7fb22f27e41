// Changing and resetting a password. A change needs the current password; a reset needs the
// single-use, 30-minute link sent to the address. Either way every other session of the person
// ends (a thief's session with them), the throttles forget the account, and the person is told
// by e-mail. "Forgot password" answers the same whether the address has an account or not.
import { Inject, Injectable } from '@nestjs/common';
import { burnPasswordCheck, hashPassword, verifyPassword } from '@portcullis/auth-core';
import { AppError } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { AuditService } from '../audit/audit.service';
import { Mailer } from '../mail/mailer';
import { messages } from '../mail/messages';
import { AttemptThrottle } from './attempt-throttle';
import { EmailTokens } from './email-tokens';
import { assertStrongPassword } from './signup.service';
import { recordForUser } from './user-events';

const RESET_MINUTES = 30;

@Injectable()
export class PasswordService {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
    private readonly tokens: EmailTokens,
    private readonly throttle: AttemptThrottle,
  ) {}

  async change(
    userId: string,
    keepSessionId: string,
    current: string,
    next: string,
    ip: string,
  ): Promise<void> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    // The current password is a sign-in secret: guessing it here is throttled like sign-in.
    await this.throttle.consume('password', [
      ['signInAccount', user.email],
      ['signInIp', ip],
    ]);
    const ok = user.passwordHash
      ? await verifyPassword(user.passwordHash, current)
      : (await burnPasswordCheck(current), false);
    if (!ok) {
      throw new AppError('invalid_credentials', 'The current password is incorrect.', {
        errors: [{ path: 'currentPassword', message: 'Incorrect.' }],
      });
    }
    assertStrongPassword(next, user.email);
    const passwordHash = await hashPassword(next);
    await this.db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { passwordHash } });
      const { count } = await tx.session.updateMany({
        where: { userId, revokedAt: null, id: { not: keepSessionId } },
        data: { revokedAt: new Date() },
      });
      await recordForUser(tx, this.audit, userId, {
        action: 'user.password_changed',
        target: { type: 'user', id: userId },
        outcome: 'success',
        ip,
        details: { otherSessionsEnded: count },
      });
    });
    await this.throttle.reset('signInAccount', user.email);
    this.mailer.deliver(user.email, messages.securityChange('Your password was changed', new Date(), ip));
  }

  /** Sends a reset link when the address has an account; the answer never says. */
  async forgot(email: string, ip: string): Promise<void> {
    await this.throttle.consume('password reset', [
      ['resetAccount', email],
      ['resetIp', ip],
    ]);
    if (!this.mailer.enabled)
      throw new AppError(
        'unavailable',
        'Password reset needs e-mail, which is not configured here. Ask an owner.',
      );
    const user = await this.db.user.findUnique({ where: { email } });
    // The same write either way; an address without an account gets a token no one receives.
    const token = await this.tokens.issue('password_reset', email, RESET_MINUTES * 60_000, {
      userId: user?.id,
    });
    if (user)
      this.mailer.deliver(
        email,
        messages.passwordReset(`${this.config.CONSOLE_URL}/reset-password#${token}`, RESET_MINUTES),
      );
  }

  async reset(token: string, next: string, ip: string): Promise<void> {
    const row = await this.tokens.peek('password_reset', token);
    if (!row.userId) throw new AppError('not_found', 'This link is invalid, expired or already used.');
    assertStrongPassword(next, row.email);
    const passwordHash = await hashPassword(next);
    await this.db.$transaction(async (tx) => {
      await this.tokens.spend(tx, 'password_reset', token);
      await tx.user.update({ where: { id: row.userId! }, data: { passwordHash } });
      await tx.session.updateMany({
        where: { userId: row.userId!, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      await recordForUser(tx, this.audit, row.userId!, {
        action: 'user.password_reset',
        target: { type: 'user', id: row.userId! },
        outcome: 'success',
        ip,
        details: { sessionsEnded: 'all' },
      });
    });
    await this.throttle.reset('signInAccount', row.email);
    this.mailer.deliver(row.email, messages.securityChange('Your password was reset', new Date(), ip));
  }
}

// A person's second factors as one thing: which they have, enrolling and removing them (each
// change audited in all their tenants and announced by e-mail), and the second step of sign-in.
import { Inject, Injectable } from '@nestjs/common';
import type { SecondFactorRequest, SecondFactors } from '@portcullis/sdk';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { Mailer } from '../mail/mailer';
import { messages } from '../mail/messages';
import { AttemptThrottle } from './attempt-throttle';
import { TotpService } from './totp.service';
import { recordForUser } from './user-events';

type Method = 'totp' | 'recovery_code' | 'passkey';

@Injectable()
export class SecondFactorService {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly totp: TotpService,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
    private readonly throttle: AttemptThrottle,
  ) {}

  async methodsOf(userId: string): Promise<Method[]> {
    const [totp, passkeys] = await Promise.all([
      this.totp.isEnabled(userId),
      this.db.passkey.count({ where: { userId } }),
    ]);
    return [
      ...(totp ? (['totp', 'recovery_code'] as const) : []),
      ...(passkeys > 0 ? (['passkey'] as const) : []),
    ];
  }

  async overview(userId: string): Promise<SecondFactors> {
    const [totp, recoveryCodesLeft, passkeys] = await Promise.all([
      this.totp.isEnabled(userId),
      this.totp.recoveryCodesLeft(userId),
      this.db.passkey.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } }),
    ]);
    return {
      totp,
      recoveryCodesLeft,
      passkeys: passkeys.map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: p.createdAt.toISOString(),
        lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
      })),
    };
  }

  async setupTotp(userId: string) {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    return this.totp.setup(userId, user.email);
  }

  /** The first code confirms the app; the session that did it counts as second-factor signed in. */
  async confirmTotp(userId: string, sessionId: string, code: string, ip: string): Promise<string[]> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    await this.throttle.consume('code', [['secondFactorAccount', userId]]);
    const codes = await this.db.$transaction(async (tx) => {
      const recoveryCodes = await this.totp.confirm(tx, userId, user.email, code);
      await tx.session.update({ where: { id: sessionId }, data: { secondFactor: true } });
      await recordForUser(tx, this.audit, userId, {
        action: 'user.second_factor_enabled',
        target: { type: 'user', id: userId },
        outcome: 'success',
        ip,
        details: { method: 'totp' },
      });
      return recoveryCodes;
    });
    this.mailer.deliver(
      user.email,
      messages.securityChange('An authenticator app was added to your account', new Date(), ip),
    );
    return codes;
  }

  /** Removing the app takes a current code (or a recovery code): a stolen session alone cannot. */
  async disableTotp(userId: string, proof: SecondFactorRequest, ip: string): Promise<void> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    await this.throttle.consume('code', [['secondFactorAccount', userId]]);
    await this.db.$transaction(async (tx) => {
      await this.totp.verify(tx, userId, user.email, proof);
      await this.totp.remove(tx, userId);
      await recordForUser(tx, this.audit, userId, {
        action: 'user.second_factor_disabled',
        target: { type: 'user', id: userId },
        outcome: 'success',
        ip,
        details: { method: 'totp' },
      });
    });
    this.mailer.deliver(
      user.email,
      messages.securityChange('The authenticator app was removed from your account', new Date(), ip),
    );
  }

  async regenerateRecoveryCodes(userId: string, code: string, ip: string): Promise<string[]> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    await this.throttle.consume('code', [['secondFactorAccount', userId]]);
    const codes = await this.db.$transaction(async (tx) => {
      await this.totp.verify(tx, userId, user.email, { code });
      const fresh = await this.totp.replaceRecoveryCodes(tx, userId);
      await recordForUser(tx, this.audit, userId, {
        action: 'user.recovery_codes_regenerated',
        target: { type: 'user', id: userId },
        outcome: 'success',
        ip,
      });
      return fresh;
    });
    this.mailer.deliver(
      user.email,
      messages.securityChange('New recovery codes were made (the old ones no longer work)', new Date(), ip),
    );
    return codes;
  }

  /** The second step of sign-in with a code or a recovery code; throws (and records) when wrong. */
  async verifyForSignIn(
    userId: string,
    proof: SecondFactorRequest,
    ip: string,
  ): Promise<'totp' | 'recovery'> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    await this.throttle.consume('code', [['secondFactorAccount', userId]]);
    try {
      const used = await this.db.$transaction((tx) => this.totp.verify(tx, userId, user.email, proof));
      await this.throttle.reset('secondFactorAccount', userId);
      if (used === 'recovery')
        this.mailer.deliver(
          user.email,
          messages.securityChange('A recovery code was used to sign in', new Date(), ip),
        );
      return used;
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_credentials') {
        await this.db.$transaction((tx) =>
          recordForUser(tx, this.audit, userId, {
            action: 'session.second_factor_failed',
            outcome: 'failure',
            reason: 'wrong code',
            ip,
          }),
        );
      }
      throw e;
    }
  }
}

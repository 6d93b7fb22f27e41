// Authenticator apps (RFC 6238 TOTP, otpauth) and recovery codes. The secret is sealed with
// MASTER_KEY (bound to the person by the AAD); a code is accepted once (the step it matched is
// kept, and only a later step is accepted next); recovery codes are keyed hashes, each spent once.
import { Inject, Injectable } from '@nestjs/common';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { Prisma } from '@portcullis/db';
import { randomInt } from 'node:crypto';
import { SecretBox, SecretHasher } from '@portcullis/auth-core';
import { AppError } from '../common/errors';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { SECRET_HASHER } from '../infra/core.module';
import { SECRET_BOX } from '../infra/secret-box';

const PERIOD = 30;
const RECOVERY_CODES = 10;
const aad = (userId: string) => `user/${userId}/totp`;

function totpFor(secret: OTPAuth.Secret, label: string) {
  return new OTPAuth.TOTP({
    issuer: 'Portcullis',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret,
  });
}

/** Ten groups of five letters and digits, without look-alikes. */
function recoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  let code = '';
  for (let i = 0; i < 10; i++) code += alphabet[randomInt(alphabet.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

const normalizeRecovery = (code: string) =>
  code
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

@Injectable()
export class TotpService {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
  ) {}

  /** A new, unconfirmed secret (replacing an unconfirmed one): shown once, as text and QR code. */
  async setup(userId: string, email: string) {
    const existing = await this.db.totpFactor.findUnique({ where: { userId } });
    if (existing?.confirmedAt)
      throw new AppError(
        'conflict',
        'An authenticator app is already set up. Remove it first to set up another.',
      );
    const secret = new OTPAuth.Secret({ size: 20 });
    const sealed = this.box.seal(secret.base32, aad(userId));
    await this.db.totpFactor.upsert({
      where: { userId },
      update: { secret: sealed, lastStep: null, createdAt: new Date() },
      create: { userId, secret: sealed },
    });
    const uri = totpFor(secret, email).toString();
    return { secret: secret.base32, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
  }

  /** Confirms the app with a first code; returns the recovery codes (shown once). */
  async confirm(
    tx: Prisma.TransactionClient,
    userId: string,
    email: string,
    code: string,
  ): Promise<string[]> {
    const factor = await tx.totpFactor.findUnique({ where: { userId } });
    if (!factor || factor.confirmedAt) throw new AppError('conflict', 'Start the set-up first.');
    await this.accept(tx, factor, email, code);
    await tx.totpFactor.update({ where: { userId }, data: { confirmedAt: new Date() } });
    return this.replaceRecoveryCodes(tx, userId);
  }

  async isEnabled(userId: string): Promise<boolean> {
    return !!(await this.db.totpFactor.findUnique({ where: { userId } }))?.confirmedAt;
  }

  /** Checks a code (or a recovery code) of a person with a confirmed app; throws when wrong. */
  async verify(
    tx: Prisma.TransactionClient,
    userId: string,
    email: string,
    proof: { code?: string; recoveryCode?: string },
  ): Promise<'totp' | 'recovery'> {
    const factor = await tx.totpFactor.findUnique({ where: { userId } });
    if (!factor?.confirmedAt) throw wrongCode();
    if (proof.code) {
      await this.accept(tx, factor, email, proof.code);
      return 'totp';
    }
    const normalized = normalizeRecovery(proof.recoveryCode ?? '');
    if (normalized.length !== 10) throw wrongCode();
    const hash = this.hasher.hash(`recovery:${normalized}`);
    const { count } = await tx.recoveryCode.updateMany({
      where: { userId, codeHash: hash, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count !== 1) throw wrongCode();
    return 'recovery';
  }

  async remove(tx: Prisma.TransactionClient, userId: string): Promise<void> {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.totpFactor.deleteMany({ where: { userId } });
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    return this.db.recoveryCode.count({ where: { userId, usedAt: null } });
  }

  async replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({
      data: codes.map((c) => ({ userId, codeHash: this.hasher.hash(`recovery:${normalizeRecovery(c)}`) })),
    });
    return codes;
  }

  /** Accepts a code for a step later than the last one used (a conditional update: no replay). */
  private async accept(
    tx: Prisma.TransactionClient,
    factor: { userId: string; secret: string; lastStep: number | null },
    email: string,
    code: string,
  ): Promise<void> {
    if (!/^\d{6}$/.test(code.trim())) throw wrongCode();
    const secret = OTPAuth.Secret.fromBase32(this.box.open(factor.secret, aad(factor.userId)));
    const now = Date.now();
    const delta = totpFor(secret, email).validate({ token: code.trim(), timestamp: now, window: 1 });
    if (delta === null) throw wrongCode();
    const step = Math.floor(now / 1000 / PERIOD) + delta;
    const { count } = await tx.totpFactor.updateMany({
      where: { userId: factor.userId, OR: [{ lastStep: null }, { lastStep: { lt: step } }] },
      data: { lastStep: step },
    });
    if (count !== 1) throw wrongCode();
  }
}

function wrongCode(): AppError {
  return new AppError('invalid_credentials', 'That code is not right, or was already used.', {
    errors: [{ path: 'code', message: 'Wrong or used code.' }],
  });
}

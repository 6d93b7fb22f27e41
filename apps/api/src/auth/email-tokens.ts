// Single-use, short-lived links sent by e-mail. The link carries 256 random bits; the database
// keeps only their keyed hash, and a token is spent by a conditional update, so two clicks (or
// two tabs) cannot both use it.
import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@portcullis/db';
import type { EmailToken, EmailTokenPurpose } from '@portcullis/db';
import { SecretHasher, randomToken } from '@portcullis/auth-core';
import { AppError } from '../common/errors';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { SECRET_HASHER } from '../infra/core.module';

const INVALID = 'This link is invalid, expired or already used.';

@Injectable()
export class EmailTokens {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
  ) {}

  /** A new token; earlier unused tokens of the same purpose for the address stop working. */
  async issue(
    purpose: EmailTokenPurpose,
    email: string,
    ttlMs: number,
    extra: { userId?: string; payload?: Prisma.InputJsonValue } = {},
  ): Promise<string> {
    const token = randomToken(32);
    await this.db.$transaction([
      this.db.emailToken.updateMany({
        where: { email, purpose, usedAt: null },
        data: { usedAt: new Date() },
      }),
      this.db.emailToken.create({
        data: {
          purpose,
          email,
          tokenHash: this.hasher.hash(token),
          userId: extra.userId,
          payload: extra.payload,
          expiresAt: new Date(Date.now() + ttlMs),
        },
      }),
    ]);
    return token;
  }

  /** The live token, without spending it (to show what a link is for before acting on it). */
  async peek(purpose: EmailTokenPurpose, token: string): Promise<EmailToken> {
    if (token.length < 20 || token.length > 200) throw new AppError('not_found', INVALID);
    const row = await this.db.emailToken.findUnique({ where: { tokenHash: this.hasher.hash(token) } });
    if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt.getTime() <= Date.now())
      throw new AppError('not_found', INVALID);
    return row;
  }

  /** Spends the token inside `tx`; throws when it is not live (or another request spent it first). */
  async spend(tx: Prisma.TransactionClient, purpose: EmailTokenPurpose, token: string): Promise<EmailToken> {
    const row = await this.peek(purpose, token);
    const { count } = await tx.emailToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (count !== 1) throw new AppError('not_found', INVALID);
    return row;
  }
}

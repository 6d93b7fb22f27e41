// Between the password (or SSO) and the second factor: a short-lived, single-use challenge in
// Redis, named by a random token in an httpOnly cookie scoped to the sign-in routes. It proves
// the first factor only; a session exists only once the second one is given.
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { SecretHasher, randomToken } from '@portcullis/auth-core';
import { AppError } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { SECRET_HASHER } from '../infra/core.module';
import { REDIS } from '../infra/redis';

export const CHALLENGE_COOKIE = 'pc_signin';
const TTL_SECONDS = 300;

@Injectable()
export class SignInChallenges {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
  ) {}

  private key(token: string): string {
    return `${this.config.REDIS_PREFIX}:signin:challenge:${this.hasher.hash(token)}`;
  }

  async start(reply: FastifyReply, userId: string): Promise<void> {
    const token = randomToken(32);
    await this.redis.set(this.key(token), userId, 'EX', TTL_SECONDS);
    reply.setCookie(CHALLENGE_COOKIE, token, {
      path: '/api/v1/auth',
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.secureCookies,
      maxAge: TTL_SECONDS,
    });
  }

  /** The person who passed the first factor, or 401. */
  async pending(req: FastifyRequest): Promise<{ userId: string; token: string }> {
    const token = req.cookies?.[CHALLENGE_COOKIE];
    const userId = token && token.length <= 100 ? await this.redis.get(this.key(token)) : null;
    if (!token || !userId)
      throw new AppError('unauthenticated', 'Your sign-in timed out. Enter your password again.');
    return { userId, token };
  }

  /** Spends the challenge (atomically: one second factor, one session). */
  async finish(reply: FastifyReply, token: string): Promise<void> {
    const deleted = await this.redis.del(this.key(token));
    reply.clearCookie(CHALLENGE_COOKIE, { path: '/api/v1/auth' });
    if (deleted !== 1)
      throw new AppError('unauthenticated', 'Your sign-in timed out. Enter your password again.');
  }
}

// Passkeys (WebAuthn) with @simplewebauthn/server: registering one while signed in, and using
// one as the second step of sign-in. The relying party is the console (its origin and host):
// that is where the browser runs the ceremony. Challenges wait in Redis for five minutes and
// are used once; the signature counter is checked and kept, against cloned authenticators.
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AuditService } from '../audit/audit.service';
import { AppError, notFound } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { REDIS } from '../infra/redis';
import { Mailer } from '../mail/mailer';
import { messages } from '../mail/messages';
import { recordForUser } from './user-events';

const CHALLENGE_SECONDS = 300;

@Injectable()
export class PasskeysService {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
  ) {}

  private get rp() {
    return { origin: this.config.CONSOLE_URL, id: new URL(this.config.CONSOLE_URL).hostname };
  }

  private async keep(kind: string, key: string, challenge: string): Promise<void> {
    await this.redis.set(
      `${this.config.REDIS_PREFIX}:webauthn:${kind}:${key}`,
      challenge,
      'EX',
      CHALLENGE_SECONDS,
    );
  }

  private async take(kind: string, key: string): Promise<string> {
    const challenge = await this.redis.getdel(`${this.config.REDIS_PREFIX}:webauthn:${kind}:${key}`);
    if (!challenge) throw new AppError('unauthenticated', 'The passkey request timed out. Try again.');
    return challenge;
  }

  async registrationOptions(userId: string) {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId }, include: { passkeys: true } });
    const options = await generateRegistrationOptions({
      rpName: 'Portcullis',
      rpID: this.rp.id,
      userName: user.email,
      userDisplayName: user.name,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      excludeCredentials: user.passkeys.map((p) => ({
        id: p.credentialId,
        transports: p.transports as AuthenticatorTransport[],
      })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await this.keep('register', userId, options.challenge);
    return { ...options };
  }

  /** Stores the new passkey; the session that registered it counts as second-factor signed in. */
  async register(
    userId: string,
    sessionId: string,
    name: string,
    response: RegistrationResponseJSON,
    ip: string,
  ) {
    const expectedChallenge = await this.take('register', userId);
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: this.rp.origin,
      expectedRPID: this.rp.id,
    }).catch(() => null);
    if (!verified?.verified || !verified.registrationInfo)
      throw new AppError('validation_failed', 'The passkey could not be verified.');
    const { credential } = verified.registrationInfo;
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    const created = await this.db.$transaction(async (tx) => {
      if (await tx.passkey.findUnique({ where: { credentialId: credential.id } }))
        throw new AppError('conflict', 'This passkey is already registered.');
      const row = await tx.passkey.create({
        data: {
          userId,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: BigInt(credential.counter),
          transports: credential.transports ?? [],
          name,
        },
      });
      await tx.session.update({ where: { id: sessionId }, data: { secondFactor: true } });
      await recordForUser(tx, this.audit, userId, {
        action: 'user.passkey_added',
        target: { type: 'user', id: userId },
        outcome: 'success',
        ip,
        details: { passkeyId: row.id, name },
      });
      return row;
    });
    this.mailer.deliver(
      user.email,
      messages.securityChange(`A passkey ("${name}") was added to your account`, new Date(), ip),
    );
    return {
      id: created.id,
      name: created.name,
      createdAt: created.createdAt.toISOString(),
      lastUsedAt: null,
    };
  }

  async remove(userId: string, passkeyId: string, ip: string): Promise<void> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.passkey.deleteMany({ where: { id: passkeyId, userId } });
      if (count !== 1) throw notFound('Passkey');
      await recordForUser(tx, this.audit, userId, {
        action: 'user.passkey_removed',
        target: { type: 'user', id: userId },
        outcome: 'success',
        ip,
        details: { passkeyId },
      });
    });
    this.mailer.deliver(
      user.email,
      messages.securityChange('A passkey was removed from your account', new Date(), ip),
    );
  }

  /** Options for the second step of sign-in, for the person behind the sign-in challenge. */
  async signInOptions(userId: string, challengeToken: string) {
    const passkeys = await this.db.passkey.findMany({ where: { userId } });
    if (passkeys.length === 0) throw new AppError('not_found', 'You have no passkey.');
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      allowCredentials: passkeys.map((p) => ({
        id: p.credentialId,
        transports: p.transports as AuthenticatorTransport[],
      })),
      userVerification: 'preferred',
    });
    await this.keep('signin', challengeToken, options.challenge);
    return { ...options };
  }

  /** Verifies the assertion (one of the person's passkeys, a fresh challenge, a growing counter). */
  async verifySignIn(
    userId: string,
    challengeToken: string,
    response: AuthenticationResponseJSON,
  ): Promise<void> {
    const expectedChallenge = await this.take('signin', challengeToken);
    const passkey = await this.db.passkey.findUnique({ where: { credentialId: response.id } });
    if (!passkey || passkey.userId !== userId) throw wrongPasskey();
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: this.rp.origin,
      expectedRPID: this.rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports as AuthenticatorTransport[],
      },
    }).catch(() => null);
    if (!verified?.verified) throw wrongPasskey();
    // Conditional on the stored counter: two uses of one assertion cannot both pass.
    const { count } = await this.db.passkey.updateMany({
      where: { id: passkey.id, counter: passkey.counter },
      data: { counter: BigInt(verified.authenticationInfo.newCounter), lastUsedAt: new Date() },
    });
    if (count !== 1) throw wrongPasskey();
  }
}

function wrongPasskey(): AppError {
  return new AppError('invalid_credentials', 'That passkey was not accepted.');
}

// Who may create an account and a tenant. Sign-up is throttled per address, follows
// SIGNUP_MODE, and, when e-mail is configured, is completed only through a link sent to the
// address: the answer is the same whether the address already has an account or not (that
// person gets a "you already have an account" message instead), and so is the time it takes.
import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@portcullis/db';
import { hashPassword, passwordWeakness } from '@portcullis/auth-core';
import type { SignUpRequest } from '@portcullis/sdk';
import { AppError } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { Mailer } from '../mail/mailer';
import { messages } from '../mail/messages';
import { TenantsService } from '../tenants/tenants.service';
import { AttemptThrottle } from './attempt-throttle';
import { EmailTokens } from './email-tokens';

const SIGNUP_LINK_HOURS = 24;

export function assertStrongPassword(password: string, email: string): void {
  const reason = passwordWeakness(password, { email });
  if (reason)
    throw new AppError('weak_password', reason, { errors: [{ path: 'password', message: reason }] });
}

interface PendingSignUp {
  name: string;
  passwordHash: string;
  tenantName: string;
  tenantSlug: string;
}

export type SignUpOutcome = { kind: 'signed_in'; userId: string } | { kind: 'verification_sent' };

@Injectable()
export class SignUpService {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly throttle: AttemptThrottle,
    private readonly mailer: Mailer,
    private readonly tokens: EmailTokens,
  ) {}

  async signUp(input: SignUpRequest, ip: string): Promise<SignUpOutcome> {
    await this.throttle.consume('sign-up', [['signUpIp', ip]]);
    await this.assertMayCreateAccount();
    assertStrongPassword(input.password, input.email);
    await this.tenants.assertSlugAvailable(input.tenantSlug);
    // Hashed before anything depends on whether the address exists: both paths cost the same.
    const passwordHash = await hashPassword(input.password);
    const pending: PendingSignUp = {
      name: input.name,
      passwordHash,
      tenantName: input.tenantName,
      tenantSlug: input.tenantSlug,
    };
    if (!this.mailer.enabled) return { kind: 'signed_in', userId: await this.create(input.email, pending) };

    // The same writes either way; only the message differs (and a known address's link would
    // only meet "already registered").
    const token = await this.tokens.issue('signup', input.email, SIGNUP_LINK_HOURS * 3600_000, {
      payload: { ...pending },
    });
    const existing = await this.db.user.findUnique({ where: { email: input.email } });
    this.mailer.deliver(
      input.email,
      existing
        ? messages.signUpExisting(
            `${this.config.CONSOLE_URL}/signin`,
            `${this.config.CONSOLE_URL}/forgot-password`,
          )
        : messages.signUpVerify(`${this.config.CONSOLE_URL}/signup/verify#${token}`, SIGNUP_LINK_HOURS),
    );
    return { kind: 'verification_sent' };
  }

  /** The link from the verification message: creates the account and its tenant. */
  async verify(token: string): Promise<string> {
    return this.db.$transaction(async (tx) => {
      const row = await this.tokens.spend(tx, 'signup', token);
      const pending = row.payload as unknown as PendingSignUp;
      return this.create(row.email, pending, tx);
    });
  }

  /** Tenant creation by a signed-in person follows the same mode, and a cap per person. */
  async assertMayCreateTenant(userId: string): Promise<void> {
    const owned = await this.db.membership.count({ where: { userId, role: 'owner' } });
    if (this.config.SIGNUP_MODE !== 'open' && owned === 0) {
      throw new AppError('forbidden', 'New tenants are created by their owners only on this platform.');
    }
    if (owned >= this.config.TENANTS_PER_USER_MAX) {
      throw new AppError('conflict', `You already own ${owned} tenants, the most one person may own here.`);
    }
  }

  private async assertMayCreateAccount(): Promise<void> {
    if (this.config.SIGNUP_MODE === 'open') return;
    // Closed: only the very first person, who becomes the platform's first owner.
    if (this.config.SIGNUP_MODE === 'closed' && (await this.db.user.count()) === 0) return;
    throw new AppError(
      'forbidden',
      this.config.SIGNUP_MODE === 'invite'
        ? 'Sign-up is by invitation only. Ask an owner to invite you.'
        : 'Sign-up is closed on this platform.',
    );
  }

  private async create(email: string, p: PendingSignUp, tx?: Prisma.TransactionClient): Promise<string> {
    if (!tx) return this.db.$transaction((t) => this.create(email, p, t));
    if (await tx.user.findUnique({ where: { email } })) {
      throw new AppError('conflict', 'An account with this e-mail address already exists.', {
        errors: [{ path: 'email', message: 'Already registered.' }],
      });
    }
    const user = await tx.user.create({ data: { email, name: p.name, passwordHash: p.passwordHash } });
    await this.tenants.createWithOwner(user.id, p.tenantName, p.tenantSlug, tx);
    return user.id;
  }
}

// Server-side sessions: the cookie holds 256 random bits; the database holds only their keyed
// hash, so sessions are revocable and a leaked table does not leak usable cookies.
import { Inject, Injectable } from '@nestjs/common';
import { SecretHasher, randomToken } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { SECRET_HASHER } from '../infra/core.module';
import { AuditService } from '../audit/audit.service';
import { Mailer } from '../mail/mailer';
import { messages } from '../mail/messages';
import type { Principal } from '../common/principal';
import { recordForUser } from './user-events';

const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class SessionsService {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
  ) {}

  /** The latest a session can end, however active: its creation plus SESSION_MAX_DAYS. */
  absoluteExpiry(session: { createdAt: Date }): Date {
    return new Date(session.createdAt.getTime() + this.config.SESSION_MAX_DAYS * 86400_000);
  }

  csrfFor(token: string): string {
    return this.hasher.hash(`csrf:${token}`);
  }

  /**
   * A new session for `userId`. A session can act in every tenant the person belongs to, so
   * each of those tenants' audit trails records the sign-in, in the session's transaction.
   */
  async create(
    userId: string,
    meta: {
      ip?: string;
      userAgent?: string;
      deviceId?: string;
      method?: string;
      secondFactor?: boolean;
      tenantId?: string;
      ssoTenantId?: string;
    },
  ) {
    const token = randomToken(32);
    const now = Date.now();
    const expiresAt = new Date(
      Math.min(
        now + this.config.SESSION_IDLE_HOURS * 3600_000,
        now + this.config.SESSION_MAX_DAYS * 86400_000,
      ),
    );
    const deviceHash = meta.deviceId ? this.hasher.hash(`device:${meta.deviceId}`) : null;
    let newDevice = false;
    const session = await this.db.$transaction(async (tx) => {
      const memberships = await tx.membership.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
      // New: the person has signed in before, never from this browser.
      if (deviceHash) {
        const before = await tx.session.count({ where: { userId } });
        newDevice = before > 0 && (await tx.session.count({ where: { userId, deviceHash } })) === 0;
      }
      const created = await tx.session.create({
        data: {
          tokenHash: this.hasher.hash(token),
          userId,
          activeTenantId:
            memberships.find((m) => m.tenantId === meta.tenantId)?.tenantId ??
            memberships[0]?.tenantId ??
            null,
          secondFactor: meta.secondFactor ?? false,
          ssoTenantId: meta.ssoTenantId ?? null,
          ip: meta.ip?.slice(0, 64) ?? null,
          userAgent: meta.userAgent?.slice(0, 255) ?? null,
          deviceHash,
          expiresAt,
        },
      });
      for (const m of memberships) {
        await this.audit.record(
          {
            tenantId: m.tenantId,
            actor: { type: 'user', id: userId },
            action: 'session.signed_in',
            target: { type: 'session', id: created.id },
            outcome: 'success',
            ip: meta.ip,
            details: {
              userAgent: created.userAgent,
              expiresAt: expiresAt.toISOString(),
              method: meta.method ?? 'password',
              secondFactor: created.secondFactor,
            },
          },
          tx,
        );
      }
      return created;
    });
    if (newDevice) {
      const user = await this.db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
      this.mailer.deliver(
        user.email,
        messages.newDevice(new Date(now), meta.ip, meta.userAgent, `${this.config.CONSOLE_URL}/settings`),
      );
    }
    return { token, csrf: this.csrfFor(token), session };
  }

  /**
   * A wrong password for a known person, in each of their tenants' trails. Appended before the
   * answer (the sign-in throttle bounds how often, and a password check costs more than this).
   */
  async recordFailedSignIn(userId: string, ip: string | undefined): Promise<void> {
    await this.db.$transaction((tx) =>
      recordForUser(tx, this.audit, userId, {
        action: 'session.sign_in_failed',
        outcome: 'failure',
        reason: 'wrong password',
        ip,
      }),
    );
  }

  /** The principal for a session cookie, or null when it is unknown, expired or revoked. */
  async resolve(token: string): Promise<Principal | null> {
    if (token.length < 20 || token.length > 100) return null;
    const session = await this.db.session.findUnique({ where: { tokenHash: this.hasher.hash(token) } });
    const now = Date.now();
    if (!session || session.revokedAt || session.expiresAt.getTime() <= now) return null;
    let role = null;
    let secondFactorMissing = false;
    let ssoMissing = false;
    if (session.activeTenantId) {
      const membership = await this.db.membership.findUnique({
        where: { tenantId_userId: { tenantId: session.activeTenantId, userId: session.userId } },
        include: {
          tenant: {
            select: { requireSecondFactor: true, sso: { select: { enabled: true, ssoRequired: true } } },
          },
        },
      });
      role = membership?.role ?? null;
      secondFactorMissing = !!membership?.tenant.requireSecondFactor && !session.secondFactor;
      // SSO-required tenants: members act there only in a session their identity provider opened
      // (owners keep their password: the break-glass path when the provider is down).
      const sso = membership?.tenant.sso;
      ssoMissing =
        !!sso?.enabled &&
        sso.ssoRequired &&
        role !== 'owner' &&
        session.ssoTenantId !== session.activeTenantId;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      // Sliding idle expiry, capped by the absolute lifetime from creation.
      const expiresAt = new Date(
        Math.min(now + this.config.SESSION_IDLE_HOURS * 3600_000, this.absoluteExpiry(session).getTime()),
      );
      await this.db.session.update({
        where: { id: session.id },
        data: { lastSeenAt: new Date(now), expiresAt },
      });
    }
    return {
      kind: 'user',
      userId: session.userId,
      sessionId: session.id,
      tenantId: role ? session.activeTenantId : null,
      role,
      csrfToken: this.csrfFor(token),
      secondFactorMissing,
      ssoMissing,
    };
  }

  /** Ends one of the person's sessions: `signout` for the current one, `revoked` for another. */
  async revoke(userId: string, sessionId: string, how: 'signout' | 'revoked' = 'signout'): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({
        where: { id: sessionId, userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (count !== 1) return false;
      await recordForUser(tx, this.audit, userId, {
        action: 'session.signed_out',
        target: { type: 'session', id: sessionId },
        outcome: 'success',
        details: { how },
      });
      return true;
    });
  }

  list(userId: string) {
    return this.db.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
    });
  }

  async switchTenant(sessionId: string, tenantId: string | null): Promise<void> {
    await this.db.session.update({ where: { id: sessionId }, data: { activeTenantId: tenantId } });
  }
}

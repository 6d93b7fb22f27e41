import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { hashPassword } from '@portcullis/auth-core';
import type { SessionResponse } from '@portcullis/sdk';
import { AppError } from '../common/errors';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { MembersService } from '../members/members.service';
import { TenantsService } from '../tenants/tenants.service';
import { AppConfig, CONFIG } from '../config/config';
import { CSRF_HEADER, SESSION_COOKIE, deviceId, setSessionCookies } from './cookies';
import { SessionsService } from './sessions.service';
import { SignUpService, assertStrongPassword } from './signup.service';

@Injectable()
export class AuthService {
  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    readonly sessions: SessionsService,
    readonly tenants: TenantsService,
    private readonly members: MembersService,
    readonly signUps: SignUpService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Opens a session for a person who proved who they are, sets its cookies, and describes it.
   * `secondFactor`: a second factor (or the tenant's identity provider) was part of the proof.
   */
  async startSession(
    req: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    how: { method: string; secondFactor: boolean; tenantId?: string; ssoTenantId?: string },
  ): Promise<SessionResponse> {
    const device = deviceId(req, reply, this.config);
    const { token, csrf, session } = await this.sessions.create(userId, {
      ip: req.ip,
      userAgent: req.headers['user-agent'],
      deviceId: device,
      ...how,
    });
    // The cookie may live as long as the session could (its absolute cap); the server ends it
    // sooner when it sits idle, and each use slides that idle limit forward.
    setSessionCookies(reply, this.config, token, csrf, this.sessions.absoluteExpiry(session));
    return this.describe(userId, session.activeTenantId, csrf);
  }

  async describe(userId: string, activeTenantId: string | null, csrfToken: string): Promise<SessionResponse> {
    const user = await this.db.user.findUniqueOrThrow({
      where: { id: userId },
      include: { memberships: { include: { tenant: true }, orderBy: { createdAt: 'asc' } } },
    });
    const tenants = user.memberships.map((m) => ({
      id: m.tenant.id,
      slug: m.tenant.slug,
      name: m.tenant.name,
      role: m.role,
    }));
    return {
      user: { id: user.id, email: user.email, name: user.name },
      tenant: tenants.find((t) => t.id === activeTenantId) ?? null,
      tenants,
      csrfToken,
    };
  }

  async switchTenant(userId: string, sessionId: string, tenantId: string): Promise<void> {
    const m = await this.db.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
    if (!m) throw new AppError('not_found', 'Tenant not found.');
    await this.sessions.switchTenant(sessionId, tenantId);
  }

  async previewInvitation(token: string) {
    const inv = await this.members.findPending(token);
    const account = await this.db.user.findUnique({ where: { email: inv.email } });
    return {
      tenantName: inv.tenant.name,
      email: inv.email,
      role: inv.role,
      expiresAt: inv.expiresAt.toISOString(),
      accountExists: !!account,
    };
  }

  /** The signed-in user behind a cookie on a public route, CSRF-checked like any cookie write. */
  async principalFromCookie(req: FastifyRequest) {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const p = await this.sessions.resolve(token);
    if (!p || p.kind !== 'user') return null;
    const sent = req.headers[CSRF_HEADER];
    if (
      typeof sent !== 'string' ||
      sent.length !== p.csrfToken.length ||
      !timingSafeEqual(Buffer.from(sent), Buffer.from(p.csrfToken))
    ) {
      throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header.');
    }
    return p;
  }

  async acceptAsUser(token: string, userId: string): Promise<string> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    return this.members.accept(token, user.id, user.email);
  }

  async acceptAsNewUser(input: { token: string; name?: string; password?: string }) {
    const inv = await this.members.findPending(input.token);
    if (await this.db.user.findUnique({ where: { email: inv.email } })) {
      throw new AppError('unauthenticated', `Sign in as ${inv.email} to accept this invitation.`);
    }
    const errors = [
      ...(input.name ? [] : [{ path: 'name', message: 'Required to create your account.' }]),
      ...(input.password ? [] : [{ path: 'password', message: 'Required to create your account.' }]),
    ];
    if (errors.length)
      throw new AppError('validation_failed', 'Name and password are needed to create your account.', {
        errors,
      });
    assertStrongPassword(input.password!, inv.email);
    const user = await this.db.user.create({
      data: { email: inv.email, name: input.name!, passwordHash: await hashPassword(input.password!) },
    });
    const tenantId = await this.members.accept(input.token, user.id, user.email);
    return { userId: user.id, tenantId };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Db } from '@portcullis/db';
import { hashPassword, passwordWeakness } from '@portcullis/auth-core';
import type { SessionResponse, SignUpRequest } from '@portcullis/sdk';
import { AppError } from '../common/errors';
import { DB } from '../infra/database';
import { MembersService } from '../members/members.service';
import { TenantsService } from '../tenants/tenants.service';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies';
import { SessionsService } from './sessions.service';

function weak(password: string, email: string): never | void {
  const reason = passwordWeakness(password, { email });
  if (reason) throw new AppError('weak_password', reason, { errors: [{ path: 'password', message: reason }] });
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(DB) private readonly db: Db,
    readonly sessions: SessionsService,
    readonly tenants: TenantsService,
    private readonly members: MembersService,
  ) {}

  /** A new user, a new tenant and the owner membership, all or nothing. */
  async signUp(input: SignUpRequest): Promise<string> {
    weak(input.password, input.email);
    const passwordHash = await hashPassword(input.password);
    return this.db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email } })) {
        throw new AppError('conflict', 'An account with this e-mail address already exists.', {
          errors: [{ path: 'email', message: 'Already registered.' }],
        });
      }
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
      await this.tenants.createWithOwner(user.id, input.tenantName, input.tenantSlug, tx);
      return user.id;
    });
  }

  async describe(userId: string, activeTenantId: string | null, csrfToken: string): Promise<SessionResponse> {
    const user = await this.db.user.findUniqueOrThrow({
      where: { id: userId },
      include: { memberships: { include: { tenant: true }, orderBy: { createdAt: 'asc' } } },
    });
    const tenants = user.memberships.map((m) => ({ id: m.tenant.id, slug: m.tenant.slug, name: m.tenant.name, role: m.role }));
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
    return { tenantName: inv.tenant.name, email: inv.email, role: inv.role, expiresAt: inv.expiresAt.toISOString(), accountExists: !!account };
  }

  /** The signed-in user behind a cookie on a public route, CSRF-checked like any cookie write. */
  async principalFromCookie(req: FastifyRequest) {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const p = await this.sessions.resolve(token);
    if (!p || p.kind !== 'user') return null;
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || sent.length !== p.csrfToken.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(p.csrfToken))) {
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
    if (errors.length) throw new AppError('validation_failed', 'Name and password are needed to create your account.', { errors });
    weak(input.password!, inv.email);
    const user = await this.db.user.create({
      data: { email: inv.email, name: input.name!, passwordHash: await hashPassword(input.password!) },
    });
    const tenantId = await this.members.accept(input.token, user.id, user.email);
    return { userId: user.id, tenantId };
  }
}

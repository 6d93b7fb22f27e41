import { Inject, Injectable } from '@nestjs/common';
import { Role } from '@portcullis/db';
import type { Invitation as InvitationRow } from '@portcullis/db';
import { SecretHasher, randomToken } from '@portcullis/auth-core';
import type { Invitation, Member } from '@portcullis/sdk';
import { AppError, notFound } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { PLATFORM_DB, PlatformDb, TenantDbFactory } from '../infra/database';
import { SECRET_HASHER } from '../infra/core.module';
import type { TenantContext } from '../common/principal';
import { AuditService, actorOf } from '../audit/audit.service';
import { revokeTokensBeyond } from '../api-tokens/api-tokens.service';
import { Mailer } from '../mail/mailer';
import { messages } from '../mail/messages';
import { InvalidationBus } from '../infra/invalidation';
import { GrantFamilies } from '../oauth/grant-families';

export function toInvitationView(i: InvitationRow, now = Date.now()): Invitation {
  const status = i.acceptedAt
    ? 'accepted'
    : i.revokedAt
      ? 'revoked'
      : i.expiresAt.getTime() <= now
        ? 'expired'
        : 'pending';
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    status,
  };
}

@Injectable()
export class MembersService {
  constructor(
    // Only to find an invitation by its token, across tenants: the token names its tenant.
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly tenantDbs: TenantDbFactory,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
    private readonly bus: InvalidationBus,
    private readonly families: GrantFamilies,
  ) {}

  async list(t: TenantContext): Promise<Member[]> {
    const rows = await t.db.membership.findMany({ include: { user: true }, orderBy: { createdAt: 'asc' } });
    return rows.map((m) => ({
      id: m.id,
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  async changeRole(t: TenantContext, membershipId: string, role: Role): Promise<Member> {
    const m = await t.db.membership.findUnique({ where: { id: membershipId } });
    if (!m) throw notFound('Member');
    if (m.role === 'owner' && role !== 'owner') await this.assertNotLastOwner(t);
    await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      await tx.membership.update({ where: { id: membershipId }, data: { role } });
      await audit({
        action: 'member.role_changed',
        target: { type: 'user', id: m.userId },
        outcome: 'success',
        details: { from: m.role, to: role },
      });
      await revokeTokensBeyond(tx, this.audit, {
        tenantId: t.tenantId,
        userId: m.userId,
        role,
        actor: actorOf(t.principal),
      });
    });
    // Their rights through MCP hosts follow the role's grants (issue 14).
    await this.bus.publish({ kind: 'member', tenantId: t.tenantId, userId: m.userId });
    return (await this.list(t)).find((x) => x.id === membershipId)!;
  }

  async remove(t: TenantContext, membershipId: string): Promise<void> {
    const m = await t.db.membership.findUnique({ where: { id: membershipId } });
    if (!m) throw notFound('Member');
    if (m.role === 'owner') await this.assertNotLastOwner(t);
    await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      await tx.membership.delete({ where: { id: membershipId } });
      // Their MCP hosts lose access at once (issue 14): consents and grants of this tenant go.
      await tx.oAuthConsent.deleteMany({ where: { tenantId: t.tenantId, userId: m.userId } });
      await this.families.revoke({ tenantId: t.tenantId, userId: m.userId }, 'member_removed', tx);
      await audit({ action: 'member.removed', target: { type: 'user', id: m.userId }, outcome: 'success' });
      // Their API tokens leave with them.
      await revokeTokensBeyond(tx, this.audit, {
        tenantId: t.tenantId,
        userId: m.userId,
        role: null,
        actor: actorOf(t.principal),
      });
    });
    await this.bus.publish({ kind: 'member', tenantId: t.tenantId, userId: m.userId });
    // Their sessions may still point at this tenant; they lose access on the next request
    // because the session principal is re-read from memberships.
  }

  private async assertNotLastOwner(t: TenantContext): Promise<void> {
    const owners = await t.db.membership.count({ where: { role: 'owner' } });
    if (owners <= 1) throw new AppError('conflict', 'A tenant needs at least one owner.');
  }

  async listInvitations(t: TenantContext): Promise<Invitation[]> {
    const rows = await t.db.invitation.findMany({ orderBy: { createdAt: 'desc' } });
    return rows.map((r) => toInvitationView(r));
  }

  async invite(t: TenantContext, input: { email: string; role: Role; expiresInHours: number }) {
    const existing = await t.db.membership.findFirst({ where: { user: { email: input.email } } });
    if (existing)
      throw new AppError('conflict', 'That person is already a member.', {
        errors: [{ path: 'email', message: 'Already a member.' }],
      });
    const token = randomToken(32);
    const row = await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      const created = await tx.invitation.create({
        data: {
          tenantId: t.tenantId,
          email: input.email,
          role: input.role,
          tokenHash: this.hasher.hash(token),
          invitedById: t.actorId,
          expiresAt: new Date(Date.now() + input.expiresInHours * 3600_000),
        },
      });
      await audit({
        action: 'member.invited',
        target: { type: 'invitation', id: created.id, label: input.email },
        outcome: 'success',
        details: { role: input.role },
      });
      return created;
    });
    // The token travels in the URL fragment: browsers never send it to a server or a log.
    const link = `${this.config.CONSOLE_URL}/invite#${token}`;
    if (this.mailer.enabled) {
      const [tenant, inviter] = await Promise.all([
        t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } }),
        t.principal.kind === 'user' ? t.db.user.findUnique({ where: { id: t.principal.userId } }) : null,
      ]);
      this.mailer.deliver(
        input.email,
        messages.invitation(
          tenant.name,
          input.role,
          inviter ? `${inviter.name} (${inviter.email})` : 'An owner',
          link,
          row.expiresAt,
        ),
      );
    }
    return { invitation: toInvitationView(row), link, emailed: this.mailer.enabled };
  }

  async revokeInvitation(t: TenantContext, id: string): Promise<Invitation> {
    const row = await t.db.invitation.findUnique({ where: { id } });
    if (!row) throw notFound('Invitation');
    if (row.acceptedAt) throw new AppError('conflict', 'The invitation was already accepted.');
    if (row.revokedAt) return toInvitationView(row);
    return toInvitationView(
      await this.audit.inTransaction(t, async (t, audit) => {
        const revoked = await t.db.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
        await audit({
          action: 'member.invitation_revoked',
          target: { type: 'invitation', id, label: row.email },
          outcome: 'success',
          details: { role: row.role },
        });
        return revoked;
      }),
    );
  }

  /** The pending invitation for a token, across tenants (the token is the capability). */
  async findPending(token: string) {
    const row = await this.db.invitation.findUnique({
      where: { tokenHash: this.hasher.hash(token) },
      include: { tenant: true },
    });
    if (!row || toInvitationView(row).status !== 'pending') {
      throw new AppError('not_found', 'This invitation is invalid, expired, revoked or already used.');
    }
    return row;
  }

  async accept(token: string, userId: string, userEmail: string): Promise<string> {
    const inv = await this.findPending(token);
    if (inv.email !== userEmail) {
      throw new AppError(
        'forbidden',
        `This invitation is for ${inv.email}. Sign in with that address to accept it.`,
      );
    }
    await this.tenantDbs.forTenant(inv.tenantId).$transaction(async (tx) => {
      // Conditional update: two concurrent accepts cannot both succeed.
      const { count } = await tx.invitation.updateMany({
        where: { id: inv.id, acceptedAt: null },
        data: { acceptedAt: new Date() },
      });
      if (count !== 1) throw new AppError('conflict', 'The invitation was already accepted.');
      await tx.membership.upsert({
        where: { tenantId_userId: { tenantId: inv.tenantId, userId } },
        update: {},
        create: { tenantId: inv.tenantId, userId, role: inv.role },
      });
      await this.audit.record(
        {
          tenantId: inv.tenantId,
          actor: { type: 'user', id: userId },
          action: 'member.joined',
          target: { type: 'user', id: userId, label: userEmail },
          outcome: 'success',
          details: { role: inv.role },
        },
        tx,
      );
    });
    return inv.tenantId;
  }
}

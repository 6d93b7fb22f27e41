// What members may use on a server through their MCP hosts: a grant per role and per member,
// with the same tool, resource and prompt granularity (and the same checks) as an agent's.
// Every change drops the affected members from every node's cache.
import { Injectable } from '@nestjs/common';
import type { MemberGrant as MemberGrantRow, Role } from '@portcullis/db';
import type { MemberGrant, PutMemberGrantRequest } from '@portcullis/sdk';
import { AuditService } from '../audit/audit.service';
import type { TenantContext } from '../common/principal';
import { notFound } from '../common/errors';
import { InvalidationBus } from '../infra/invalidation';
import { assertUsableGrant, grantColumns, grantRulesOf, type GrantInput } from '../agents/grants';

type Row = MemberGrantRow & {
  membership: { id: string; userId: string; user: { email: string; name: string } } | null;
};
const include = {
  membership: { select: { id: true, userId: true, user: { select: { email: true, name: true } } } },
} as const;

function view(r: Row): MemberGrant {
  const g = grantRulesOf(r);
  return {
    id: r.id,
    serverId: r.serverId,
    role: r.role,
    member: r.membership
      ? {
          membershipId: r.membership.id,
          userId: r.membership.userId,
          email: r.membership.user.email,
          name: r.membership.user.name,
        }
      : null,
    tools: g.tools === '*' ? '*' : [...g.tools],
    resources: typeof g.resources === 'boolean' ? g.resources : [...g.resources],
    prompts: typeof g.prompts === 'boolean' ? g.prompts : [...g.prompts],
    updatedAt: r.updatedAt.toISOString(),
  };
}

@Injectable()
export class MemberGrantsService {
  constructor(
    private readonly audit: AuditService,
    private readonly bus: InvalidationBus,
  ) {}

  private async server(t: TenantContext, serverId: string) {
    const server = await t.db.mcpServer.findUnique({ where: { id: serverId } });
    if (!server) throw notFound('Server');
    return server;
  }

  async list(t: TenantContext, serverId: string): Promise<MemberGrant[]> {
    await this.server(t, serverId);
    const rows = await t.db.memberGrant.findMany({
      where: { serverId },
      include,
      orderBy: { createdAt: 'asc' },
    });
    return (rows as Row[]).map(view);
  }

  async put(
    t: TenantContext,
    serverId: string,
    input: PutMemberGrantRequest & GrantInput,
  ): Promise<MemberGrant> {
    const server = await this.server(t, serverId);
    const grant: GrantInput = { tools: input.tools, resources: input.resources, prompts: input.prompts };
    assertUsableGrant(grant);
    const subject = input.subject;
    let role: Role | null = null;
    let membership: { id: string; userId: string } | null = null;
    if ('role' in subject) role = subject.role;
    else {
      membership = await t.db.membership.findUnique({
        where: { id: subject.membershipId },
        select: { id: true, userId: true },
      });
      if (!membership) throw notFound('Member');
    }
    const columns = grantColumns(grant);
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const where = role
        ? { serverId_role: { serverId, role } }
        : { serverId_membershipId: { serverId, membershipId: membership!.id } };
      const saved = await t.db.memberGrant.upsert({
        where,
        update: columns,
        create: { tenantId: t.tenantId, serverId, role, membershipId: membership?.id ?? null, ...columns },
        include,
      });
      await audit({
        action: 'member_grant.updated',
        target: { type: 'server', id: serverId, label: server.slug },
        outcome: 'success',
        details: { subject: role ? { role } : { userId: membership!.userId }, ...grant },
      });
      return saved;
    });
    await this.bus.publish({
      kind: 'member',
      tenantId: t.tenantId,
      ...(membership ? { userId: membership.userId } : {}),
    });
    return view(row as Row);
  }

  async remove(t: TenantContext, serverId: string, grantId: string): Promise<void> {
    const server = await this.server(t, serverId);
    const row = (await t.db.memberGrant.findFirst({
      where: { id: grantId, serverId },
      include,
    })) as Row | null;
    if (!row) throw notFound('Grant');
    await this.audit.inTransaction(t, async (t, audit) => {
      await t.db.memberGrant.delete({ where: { id: grantId } });
      await audit({
        action: 'member_grant.removed',
        target: { type: 'server', id: serverId, label: server.slug },
        outcome: 'success',
        details: { subject: row.role ? { role: row.role } : { userId: row.membership!.userId } },
      });
    });
    await this.bus.publish({
      kind: 'member',
      tenantId: t.tenantId,
      ...(row.membership ? { userId: row.membership.userId } : {}),
    });
  }
}

// Agents (OAuth clients of their tenant) and their grants. Every change is published so the
// token endpoint and the gateway on every node drop what they cached about the agent.
import { Injectable } from '@nestjs/common';
import { randomToken } from '@portcullis/auth-core';
import { notFound } from '../common/errors';
import { InvalidationBus } from '../infra/invalidation';
import { AuditService } from '../audit/audit.service';
import type { TenantContext } from '../common/principal';
import { assertUsableGrant, grantColumns, type GrantInput } from './grants';
import { agentView } from './views';

type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
const include = { grants: { include: { server: true } } } as const;

@Injectable()
export class AgentsService {
  constructor(
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
  ) {}

  async changed(t: TenantContext, agentId: string, clientId?: string): Promise<void> {
    await this.bus.publish({ kind: 'agent', tenantId: t.tenantId, agentId, clientId });
  }

  async find(t: TenantContext, id: string) {
    const agent = await t.db.agent.findUnique({ where: { id }, include });
    if (!agent) throw notFound('Agent');
    return agent;
  }

  async list(t: TenantContext) {
    const rows = await t.db.agent.findMany({ include, orderBy: { createdAt: 'asc' } });
    return rows.map(agentView);
  }

  async create(
    t: TenantContext,
    input: { name: string; description?: string; tokenLifetimeSec: number; authMethods: AuthMethod[] },
  ) {
    const agent = await this.audit.inTransaction(t, async (t, audit) => {
      const created = await t.db.agent.create({
        data: {
          tenantId: t.tenantId,
          // base64url alphabet: survives Basic auth with or without form-encoding (see reference §9.5).
          clientId: `agt_${randomToken(15)}`,
          name: input.name,
          description: input.description ?? null,
          tokenLifetimeSec: input.tokenLifetimeSec,
          authMethods: [...new Set(input.authMethods)],
        },
        include,
      });
      await audit({
        action: 'agent.created',
        target: { type: 'agent', id: created.id, label: created.name },
        outcome: 'success',
      });
      return created;
    });
    await this.changed(t, agent.id);
    return agentView(agent);
  }

  async update(
    t: TenantContext,
    id: string,
    patch: {
      name?: string;
      description?: string | null;
      tokenLifetimeSec?: number;
      authMethods?: AuthMethod[];
      status?: 'active' | 'disabled';
    },
  ) {
    const existing = await this.find(t, id);
    const agent = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.agent.update({
        where: { id },
        data: { ...patch, ...(patch.authMethods ? { authMethods: [...new Set(patch.authMethods)] } : {}) },
        include,
      });
      const action =
        patch.status === 'disabled' && existing.status !== 'disabled' ? 'agent.disabled' : 'agent.updated';
      await audit({
        action,
        target: { type: 'agent', id, label: updated.name },
        outcome: 'success',
        details: { fields: Object.keys(patch) },
      });
      return updated;
    });
    await this.changed(t, id, existing.clientId);
    return agentView(agent);
  }

  async remove(t: TenantContext, id: string): Promise<void> {
    const existing = await this.find(t, id);
    await this.audit.inTransaction(t, async (t, audit) => {
      await t.db.agent.delete({ where: { id } });
      await audit({
        action: 'agent.deleted',
        target: { type: 'agent', id, label: existing.name },
        outcome: 'success',
      });
    });
    await this.changed(t, id, existing.clientId);
  }

  /** Sets what the agent may use on one server (replacing any earlier grant there). */
  async putGrant(t: TenantContext, agentId: string, serverId: string, grant: GrantInput) {
    const agent = await this.find(t, agentId);
    const server = await t.db.mcpServer.findUnique({ where: { id: serverId } });
    if (!server) throw notFound('Server');
    assertUsableGrant(grant);
    const data = grantColumns(grant);
    await this.audit.inTransaction(t, async (t, audit) => {
      await t.db.agentGrant.upsert({
        where: { agentId_serverId: { agentId, serverId } },
        update: data,
        create: { tenantId: t.tenantId, agentId, serverId, ...data },
      });
      await audit({
        action: 'agent.updated',
        target: { type: 'agent', id: agentId, label: agent.name },
        outcome: 'success',
        details: { grant: { serverId, ...data } },
      });
    });
    await this.changed(t, agentId, agent.clientId);
    return agentView(await this.find(t, agentId));
  }

  async deleteGrant(t: TenantContext, agentId: string, serverId: string) {
    const agent = await this.find(t, agentId);
    await this.audit.inTransaction(t, async (t, audit) => {
      const { count } = await t.db.agentGrant.deleteMany({ where: { agentId, serverId } });
      if (count === 0) throw notFound('Grant');
      await audit({
        action: 'agent.updated',
        target: { type: 'agent', id: agentId, label: agent.name },
        outcome: 'success',
        details: { grantRemoved: serverId },
      });
    });
    await this.changed(t, agentId, agent.clientId);
    return agentView(await this.find(t, agentId));
  }
}

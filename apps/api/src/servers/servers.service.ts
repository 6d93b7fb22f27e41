import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Prisma } from '@portcullis/db';
import type { McpServer as ServerRow, McpTool as ToolRow } from '@portcullis/db';
import { SecretBox } from '@portcullis/auth-core';
import type { McpServer, McpTool } from '@portcullis/sdk';
import { AppConfig, CONFIG } from '../config/config';
import { AppError, notFound } from '../common/errors';
import { SECRET_BOX } from '../infra/secret-box';
import { REDIS } from '../infra/redis';
import { InvalidationBus } from '../infra/invalidation';
import { AuditService } from '../audit/audit.service';
import type { TenantContext } from '../common/principal';
import { resourceUrl } from '../oauth/issuer';
import { MCP_SYNC_QUEUE, SYNC_SERVER_JOB } from '../queue/queues';
import { isCallable, type ToolDefinition } from '@portcullis/mcp-pipeline';
import { PlatformOutbound, assertSafeUpstream } from '../infra/outbound';
import {
  assertAllowedCredential,
  describeUpstreamError,
  discoverTools,
  type UpstreamCredential,
} from './upstream';

type UpstreamAuthInput =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'header'; headerName: string; value: string };

interface ServerInput {
  slug: string;
  name: string;
  upstreamUrl: string;
  upstreamAuth: UpstreamAuthInput;
  tags: string[];
  autoApproveTools: boolean;
  serverMessages: string[];
  maxResponseBytes: number | null;
}

const aadFor = (tenantId: string, serverId: string) => `upstream-credential:${tenantId}:${serverId}`;
const hintOf = (secret: string) => `••••${secret.slice(-4)}`;

@Injectable()
export class ServersService {
  private readonly logger = new Logger('servers');
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @InjectQueue(MCP_SYNC_QUEUE) private readonly syncQueue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
    private readonly outbound: PlatformOutbound,
  ) {}

  private async tenantSlug(t: TenantContext): Promise<string> {
    return (await t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId }, select: { slug: true } })).slug;
  }

  toView(s: ServerRow & { tools?: ToolRow[] }, tenantSlug: string): McpServer {
    const tools = s.tools ?? [];
    const present = tools.filter((t) => !t.removedAt);
    return {
      id: s.id,
      slug: s.slug,
      name: s.name,
      upstreamUrl: s.upstreamUrl,
      upstreamAuth: { type: s.upstreamAuth, headerName: s.upstreamHeaderName, hint: s.upstreamSecretHint },
      tags: s.tags,
      status: s.status,
      autoApproveTools: s.autoApproveTools,
      serverMessages: s.serverMessages as McpServer['serverMessages'],
      maxResponseBytes: s.maxResponseBytes,
      gatewayUrl: resourceUrl(this.config.PUBLIC_URL, tenantSlug, s.slug),
      lastSyncAt: s.lastSyncAt?.toISOString() ?? null,
      lastSyncStatus: s.lastSyncStatus,
      lastSyncError: s.lastSyncError,
      toolCounts: {
        total: present.length,
        callable: present.filter(isCallable).length,
        quarantined: present.filter((t) => t.review === 'quarantined').length,
      },
      createdAt: s.createdAt.toISOString(),
    };
  }

  private credentialColumns(tenantId: string, serverId: string, auth: UpstreamAuthInput) {
    if (auth.type === 'none')
      return {
        upstreamAuth: 'none' as const,
        upstreamHeaderName: null,
        upstreamSecretSealed: null,
        upstreamSecretHint: null,
      };
    const secret = auth.type === 'bearer' ? auth.token : auth.value;
    return {
      upstreamAuth: auth.type,
      upstreamHeaderName: auth.type === 'header' ? auth.headerName : null,
      upstreamSecretSealed: this.box.seal(secret, aadFor(tenantId, serverId)),
      upstreamSecretHint: hintOf(secret),
    };
  }

  /** The unsealed credential, for the sync worker and the gateway only. */
  credentialOf(s: ServerRow): UpstreamCredential {
    if (s.upstreamAuth === 'none' || !s.upstreamSecretSealed) return { type: 'none' };
    const secret = this.box.open(s.upstreamSecretSealed, aadFor(s.tenantId, s.id));
    return s.upstreamAuth === 'bearer'
      ? { type: 'bearer', token: secret }
      : { type: 'header', headerName: s.upstreamHeaderName!, value: secret };
  }

  async list(t: TenantContext): Promise<McpServer[]> {
    const slug = await this.tenantSlug(t);
    const rows = await t.db.mcpServer.findMany({ include: { tools: true }, orderBy: { createdAt: 'asc' } });
    return rows.map((r) => this.toView(r, slug));
  }

  async get(t: TenantContext, id: string): Promise<McpServer> {
    const row = await t.db.mcpServer.findUnique({ where: { id }, include: { tools: true } });
    if (!row) throw notFound('Server');
    return this.toView(row, await this.tenantSlug(t));
  }

  async create(t: TenantContext, input: ServerInput) {
    assertAllowedCredential(input.upstreamAuth);
    await assertSafeUpstream(this.outbound, input.upstreamUrl);
    const id = crypto.randomUUID();
    const row = await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      if (await tx.mcpServer.findFirst({ where: { slug: input.slug } })) {
        throw new AppError('conflict', 'A server with this slug exists.', {
          errors: [{ path: 'slug', message: 'Taken.' }],
        });
      }
      const created = await tx.mcpServer.create({
        data: {
          id,
          tenantId: t.tenantId,
          slug: input.slug,
          name: input.name,
          upstreamUrl: input.upstreamUrl,
          tags: input.tags,
          autoApproveTools: input.autoApproveTools,
          serverMessages: input.serverMessages,
          maxResponseBytes: input.maxResponseBytes,
          ...this.credentialColumns(t.tenantId, id, input.upstreamAuth),
        },
        include: { tools: true },
      });
      await audit({
        action: 'server.created',
        target: { type: 'server', id, label: input.slug },
        outcome: 'success',
      });
      return created;
    });
    await this.bus.publish({ kind: 'server', tenantId: t.tenantId, serverId: id });
    this.syncSoon(t.tenantId, id);
    return this.toView(row, await this.tenantSlug(t));
  }

  async update(
    t: TenantContext,
    id: string,
    patch: Partial<Omit<ServerInput, 'slug'>> & { status?: 'active' | 'disabled' },
  ) {
    const existing = await t.db.mcpServer.findUnique({ where: { id } });
    if (!existing) throw notFound('Server');
    if (patch.upstreamAuth) assertAllowedCredential(patch.upstreamAuth);
    if (patch.upstreamUrl) await assertSafeUpstream(this.outbound, patch.upstreamUrl);
    const { upstreamAuth, ...rest } = patch;
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.mcpServer.update({
        where: { id },
        data: { ...rest, ...(upstreamAuth ? this.credentialColumns(t.tenantId, id, upstreamAuth) : {}) },
        include: { tools: true },
      });
      await audit({
        action: 'server.updated',
        target: { type: 'server', id, label: updated.slug },
        outcome: 'success',
        details: { fields: Object.keys(patch) },
      });
      return updated;
    });
    await this.bus.publish({ kind: 'server', tenantId: t.tenantId, serverId: id });
    if (patch.upstreamUrl || upstreamAuth) this.syncSoon(t.tenantId, id);
    return this.toView(row, await this.tenantSlug(t));
  }

  async remove(t: TenantContext, id: string): Promise<void> {
    const existing = await t.db.mcpServer.findUnique({ where: { id } });
    if (!existing) throw notFound('Server');
    await this.audit.inTransaction(t, async (t, audit) => {
      await t.db.mcpServer.delete({ where: { id } });
      await audit({
        action: 'server.deleted',
        target: { type: 'server', id, label: existing.slug },
        outcome: 'success',
      });
    });
    await this.bus.publish({ kind: 'server', tenantId: t.tenantId, serverId: id });
  }

  /**
   * A sync after an admin change, not awaited: a Redis outage must not hold up the change (the
   * periodic sync of every server catches up on a lost request).
   */
  /** After an admin change: queued without making the change wait on Redis (a failure is logged; the schedule syncs later). */
  private syncSoon(tenantId: string, serverId: string): void {
    this.enqueueSync(tenantId, serverId).catch((e) =>
      this.logger.warn({ err: e, serverId }, 'could not queue a tool sync'),
    );
  }

  async enqueueSync(tenantId: string, serverId: string): Promise<void> {
    await this.syncQueue.add(
      SYNC_SERVER_JOB,
      { tenantId, serverId },
      { removeOnComplete: 100, removeOnFail: 100, attempts: 1 },
    );
  }

  /**
   * A sync the gateway asks for (the server said its tools changed, or showed agents another
   * definition): one job waits per server however many agents saw it, and a request made once
   * that job has started queues the next one, so a change is never left for the schedule.
   */
  async requestSync(tenantId: string, serverId: string): Promise<void> {
    const pending = `${this.config.REDIS_PREFIX}:resync-pending:${serverId}`;
    // The mark expires on its own should the job never start (a lost add): the next request queues again.
    if ((await this.redis.set(pending, '1', 'PX', 30_000, 'NX')) !== 'OK') return;
    await this.syncQueue.add(
      SYNC_SERVER_JOB,
      { tenantId, serverId, requested: true },
      { delay: 250, removeOnComplete: 100, removeOnFail: 100, attempts: 1 },
    );
  }

  /** A requested sync starts: what changes from now on needs a sync of its own. */
  async requestedSyncStarted(serverId: string): Promise<void> {
    await this.redis.del(`${this.config.REDIS_PREFIX}:resync-pending:${serverId}`).catch(() => undefined);
  }

  async testConnection(url: string, auth: UpstreamAuthInput) {
    assertAllowedCredential(auth);
    await assertSafeUpstream(this.outbound, url);
    try {
      const { serverName, tools } = await discoverTools(this.outbound, url, auth);
      return { ok: true, serverName, toolCount: tools.length, error: null };
    } catch (e) {
      return { ok: false, serverName: null, toolCount: null, error: describeUpstreamError(e) };
    }
  }

  // --- tools -------------------------------------------------------------------------------

  toolView(t: ToolRow): McpTool {
    const def = t.definition as unknown as ToolDefinition;
    return {
      id: t.id,
      name: t.name,
      definition: {
        description: def.description ?? null,
        inputSchema: def.inputSchema ?? null,
        annotations: def.annotations ?? null,
        ...(def.title !== undefined ? { title: def.title } : {}),
        ...(def.outputSchema !== undefined ? { outputSchema: def.outputSchema } : {}),
      },
      approvedDefinition: (t.approvedDefinition as unknown as ToolDefinition | null) ?? null,
      fingerprint: t.fingerprint,
      review: t.review,
      enabled: t.enabled,
      callable: isCallable(t),
      changed: t.approvedFingerprint !== null && t.approvedFingerprint !== t.fingerprint,
      removed: t.removedAt !== null,
      firstSeenAt: t.firstSeenAt.toISOString(),
      lastSeenAt: t.lastSeenAt.toISOString(),
    };
  }

  async tools(t: TenantContext, serverId: string): Promise<McpTool[]> {
    if (!(await t.db.mcpServer.findUnique({ where: { id: serverId } }))) throw notFound('Server');
    const rows = await t.db.mcpTool.findMany({ where: { serverId }, orderBy: { name: 'asc' } });
    return rows.map((r) => this.toolView(r));
  }

  private async tool(t: TenantContext, serverId: string, toolId: string): Promise<ToolRow> {
    const row = await t.db.mcpTool.findUnique({ where: { id: toolId } });
    if (!row || row.serverId !== serverId) throw notFound('Tool');
    return row;
  }

  /**
   * Approves exactly the definition the admin reviewed (its fingerprint), not a newer one. The
   * write is conditional on the fingerprint read: a sync or a quarantine that replaces the
   * definition between the read and the write makes it a conflict, never an approval of the
   * old definition over the new one.
   */
  async approveTool(
    t: TenantContext,
    serverId: string,
    toolId: string,
    reviewedFingerprint?: string,
  ): Promise<McpTool> {
    const changedAgain = () =>
      new AppError('conflict', 'The tool changed again since you reviewed it. Review the new definition.');
    const tool = await this.tool(t, serverId, toolId);
    if (reviewedFingerprint && reviewedFingerprint !== tool.fingerprint) throw changedAgain();
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const { count } = await t.db.mcpTool.updateMany({
        where: { id: toolId, fingerprint: tool.fingerprint },
        data: {
          review: 'approved',
          approvedDefinition: tool.definition as Prisma.InputJsonValue,
          approvedFingerprint: tool.fingerprint,
          pinViolationAt: null,
        },
      });
      if (count === 0) throw changedAgain();
      const approved = await t.db.mcpTool.findUniqueOrThrow({ where: { id: toolId } });
      await audit({
        action: 'tool.approved',
        target: { type: 'tool', id: toolId, label: tool.name },
        outcome: 'success',
        details: { serverId, fingerprint: tool.fingerprint, previousFingerprint: tool.approvedFingerprint },
      });
      return approved;
    });
    await this.bus.publish({ kind: 'server', tenantId: t.tenantId, serverId });
    return this.toolView(row);
  }

  async rejectTool(t: TenantContext, serverId: string, toolId: string): Promise<McpTool> {
    const tool = await this.tool(t, serverId, toolId);
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const rejected = await t.db.mcpTool.update({ where: { id: toolId }, data: { review: 'rejected' } });
      await audit({
        action: 'tool.rejected',
        target: { type: 'tool', id: toolId, label: tool.name },
        outcome: 'success',
        details: { serverId, fingerprint: tool.fingerprint },
      });
      return rejected;
    });
    await this.bus.publish({ kind: 'server', tenantId: t.tenantId, serverId });
    return this.toolView(row);
  }

  async setToolEnabled(
    t: TenantContext,
    serverId: string,
    toolId: string,
    enabled: boolean,
  ): Promise<McpTool> {
    const tool = await this.tool(t, serverId, toolId);
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.mcpTool.update({ where: { id: toolId }, data: { enabled } });
      await audit({
        action: 'tool.updated',
        target: { type: 'tool', id: toolId, label: tool.name },
        outcome: 'success',
        details: { serverId, enabled },
      });
      return updated;
    });
    await this.bus.publish({ kind: 'server', tenantId: t.tenantId, serverId });
    return this.toolView(row);
  }
}

// Tool discovery: connect to the upstream with the MCP SDK, list its tools, apply the pinning
// plan, and record the outcome on the server (failures are kept and shown, never dropped).
import { Inject, Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Prisma } from '@portcullis/db';
import { PLATFORM_DB, PlatformDb, TenantDbFactory } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
import { AuditService } from '../audit/audit.service';
import { MCP_SYNC_QUEUE, SYNC_ALL_JOB, SYNC_SERVER_JOB } from '../queue/queues';
import { planToolSync, type KnownTool } from '@portcullis/mcp-pipeline';
import { ServersService } from './servers.service';
import { describeUpstreamError, discoverTools } from './upstream';
import { PlatformOutbound } from '../infra/outbound';
import { QueueWorker } from '../queue/queue-errors';

@Processor(MCP_SYNC_QUEUE, { concurrency: 4 })
export class SyncProcessor extends QueueWorker {
  private readonly logger = new Logger(SyncProcessor.name);

  constructor(
    // Only the nightly fan-out over every tenant's servers; one server's sync is scoped to its tenant.
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly tenantDbs: TenantDbFactory,
    private readonly servers: ServersService,
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
    private readonly outbound: PlatformOutbound,
  ) {
    super();
  }

  async process(job: Job<{ tenantId: string; serverId: string; requested?: boolean }>): Promise<unknown> {
    if (job.name === SYNC_ALL_JOB) {
      const all = await this.db.mcpServer.findMany({
        where: { status: 'active' },
        select: { id: true, tenantId: true },
      });
      for (const s of all) await this.servers.enqueueSync(s.tenantId, s.id);
      return { queued: all.length };
    }
    if (job.name !== SYNC_SERVER_JOB) throw new Error(`unknown job ${job.name}`);
    if (job.data.requested) await this.servers.requestedSyncStarted(job.data.serverId);
    return this.syncServer(job.data.tenantId, job.data.serverId);
  }

  async syncServer(tenantId: string, serverId: string) {
    const db = this.tenantDbs.forTenant(tenantId);
    const server = await db.mcpServer.findFirst({ where: { id: serverId } });
    if (!server) return { skipped: 'deleted' };
    let discovered;
    try {
      // The outbound path checks the URL, every address and the credential header on each request.
      discovered = await discoverTools(this.outbound, server.upstreamUrl, this.servers.credentialOf(server));
    } catch (e) {
      const error = describeUpstreamError(e);
      await db.mcpServer.update({
        where: { id: serverId },
        data: { lastSyncAt: new Date(), lastSyncStatus: 'error', lastSyncError: error },
      });
      this.audit.emit({
        tenantId,
        actor: { type: 'system', id: 'tool-sync' },
        action: 'server.synced',
        target: { type: 'server', id: serverId, label: server.slug },
        outcome: 'error',
        reason: error,
      });
      return { ok: false, error };
    }
    const known = await db.mcpTool.findMany({ where: { serverId } });
    const plan = planToolSync(known as KnownTool[], discovered.tools, server.autoApproveTools);
    const now = new Date();
    await db.$transaction(async (tx) => {
      for (const c of plan.changes) {
        if (c.kind === 'create') {
          await tx.mcpTool.create({
            data: {
              tenantId,
              serverId,
              name: c.name,
              definition: c.definition as unknown as Prisma.InputJsonValue,
              fingerprint: c.fingerprint,
              review: c.review,
              ...(c.review === 'approved'
                ? {
                    approvedDefinition: c.definition as unknown as Prisma.InputJsonValue,
                    approvedFingerprint: c.fingerprint,
                  }
                : {}),
            },
          });
        } else if (c.kind === 'update') {
          await tx.mcpTool.update({
            where: { id: c.id },
            data: {
              definition: c.definition as unknown as Prisma.InputJsonValue,
              fingerprint: c.fingerprint,
              review: c.review,
              lastSeenAt: now,
              removedAt: null,
              ...(c.approve
                ? {
                    approvedDefinition: c.definition as unknown as Prisma.InputJsonValue,
                    approvedFingerprint: c.fingerprint,
                  }
                : {}),
            },
          });
        } else {
          await tx.mcpTool.update({ where: { id: c.id }, data: { removedAt: now } });
        }
      }
      await tx.mcpServer.update({
        where: { id: serverId },
        data: { lastSyncAt: now, lastSyncStatus: 'ok', lastSyncError: null },
      });
    });
    for (const q of plan.quarantined) {
      await this.audit.record({
        tenantId,
        actor: { type: 'system', id: 'tool-sync' },
        action: 'tool.quarantined',
        target: { type: 'tool', id: serverId, label: q.name },
        outcome: 'success',
        reason: q.reason === 'new' ? 'new tool awaits review' : 'definition changed since approval',
      });
    }
    await this.bus.publish({ kind: 'server', tenantId, serverId });
    this.logger.log(
      { serverId, tools: discovered.tools.length, quarantined: plan.quarantined.length },
      'tool sync done',
    );
    return { ok: true, tools: discovered.tools.length, quarantined: plan.quarantined.map((q) => q.name) };
  }
}

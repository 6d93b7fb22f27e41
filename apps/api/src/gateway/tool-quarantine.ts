// Pinning at call time: when a server lists a tool to an agent with a definition other than the
// approved one, the tool is quarantined at once (until an admin approves it again), the event
// is recorded, every node drops its cached tool list, and a sync re-reads the server. A server's
// own notifications/tools/list_changed starts a sync too. Both are deduplicated (reports per
// node, syncs by the queue), so a hostile server cannot turn agents' traffic into a storm of
// writes; a change to the server (an admin approving the tool again, say) clears what was seen,
// so the next violation counts.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db, Prisma } from '@portcullis/db';
import type { ToolMismatch } from '@portcullis/mcp-pipeline';
import { DB } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
import { AuditService } from '../audit/audit.service';
import { ServersService } from '../servers/servers.service';

const REPORT_AGAIN_AFTER_MS = 60_000;

@Injectable()
export class ToolQuarantine {
  private readonly logger = new Logger(ToolQuarantine.name);
  private readonly recent = new Map<string, number>();

  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
    private readonly servers: ServersService,
  ) {
    bus.on((e) => {
      if (e.kind !== 'server' && e.kind !== 'tenant') return;
      for (const key of this.recent.keys()) if (e.kind === 'tenant' || key.startsWith(`q:${e.serverId}:`)) this.recent.delete(key);
    });
  }

  /** Never throws and never delays the call: the caller already hid the tool. */
  report(server: { tenantId: string; id: string; slug: string }, mismatch: ToolMismatch): void {
    if (!this.firstSince(`q:${server.id}:${mismatch.name}:${mismatch.fingerprint}`, REPORT_AGAIN_AFTER_MS)) return;
    this.quarantine(server, mismatch).catch((e) => this.logger.error({ err: e, serverId: server.id, tool: mismatch.name }, 'could not quarantine a tool'));
  }

  /** The server says its tools changed: re-read them (coalesced per server by the queue). */
  resync(server: { tenantId: string; id: string }): void {
    this.servers.requestSync(server.tenantId, server.id).catch((e) => this.logger.warn({ err: e, serverId: server.id }, 'could not queue a tool sync'));
  }

  private firstSince(key: string, ms: number): boolean {
    const now = Date.now();
    const last = this.recent.get(key);
    if (last !== undefined && now - last < ms) return false;
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(key, now);
    return true;
  }

  private async quarantine(server: { tenantId: string; id: string; slug: string }, m: ToolMismatch): Promise<void> {
    const changed = await this.db.$transaction(async (tx) => {
      const { count } = await tx.mcpTool.updateMany({
        where: { tenantId: server.tenantId, serverId: server.id, name: m.name, pinViolationAt: null },
        data: {
          review: 'quarantined', definition: m.definition as unknown as Prisma.InputJsonValue, fingerprint: m.fingerprint,
          pinViolationAt: new Date(), lastSeenAt: new Date(),
        },
      });
      if (count === 0) return false;
      await this.audit.record({
        tenantId: server.tenantId, actor: { type: 'system', id: 'gateway' }, action: 'tool.quarantined',
        target: { type: 'tool', id: server.id, label: m.name }, outcome: 'success',
        reason: 'the server offered agents a definition other than the approved one',
        details: { serverId: server.id, fingerprint: m.fingerprint, definition: m.definition },
      }, tx);
      return true;
    });
    if (!changed) return;
    await this.bus.publish({ kind: 'server', tenantId: server.tenantId, serverId: server.id });
    this.resync(server);
  }
}

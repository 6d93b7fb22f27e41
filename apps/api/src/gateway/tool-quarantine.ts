// Pinning at call time: when a server lists a tool to an agent with a definition other than the
// approved one, the tool is quarantined at once (until an admin approves it again), the event
// is recorded, every node drops its cached tool list, and a sync re-reads the server. A server's
// own notifications/tools/list_changed starts a sync too. Both are deduplicated (reports per
// cached server, syncs by the queue), so a hostile server cannot turn agents' traffic into a
// storm of writes; any change of the tenant reloads the server, which starts a new record of
// what was seen (an admin approving the tool again, say, makes the next violation count).
import { Injectable, Logger } from '@nestjs/common';
import { Prisma } from '@portcullis/db';
import type { ToolMismatch } from '@portcullis/mcp-pipeline';
import { TenantDbFactory } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
import { AuditService } from '../audit/audit.service';
import { ServersService } from '../servers/servers.service';

@Injectable()
export class ToolQuarantine {
  private readonly logger = new Logger(ToolQuarantine.name);
  /** Violations reported, per cached server object (a reload after any change starts afresh). */
  private readonly reported = new WeakMap<object, Set<string>>();

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
    private readonly servers: ServersService,
  ) {}

  /** Never throws and never delays the call: the caller already hid the tool. */
  report(server: { tenantId: string; id: string; slug: string }, mismatch: ToolMismatch): void {
    let seen = this.reported.get(server);
    if (!seen) this.reported.set(server, (seen = new Set()));
    const key = `${mismatch.name}\u0000${mismatch.fingerprint}`;
    if (seen.has(key)) return;
    seen.add(key);
    this.quarantine(server, mismatch).catch((e) =>
      this.logger.error({ err: e, serverId: server.id, tool: mismatch.name }, 'could not quarantine a tool'),
    );
  }

  /** The server says its tools changed: re-read them (coalesced per server by the queue). */
  resync(server: { tenantId: string; id: string }): void {
    this.servers
      .requestSync(server.tenantId, server.id)
      .catch((e) => this.logger.warn({ err: e, serverId: server.id }, 'could not queue a tool sync'));
  }

  private async quarantine(
    server: { tenantId: string; id: string; slug: string },
    m: ToolMismatch,
  ): Promise<void> {
    const changed = await this.tenantDbs.forTenant(server.tenantId).$transaction(async (tx) => {
      const { count } = await tx.mcpTool.updateMany({
        where: { serverId: server.id, name: m.name, pinViolationAt: null },
        data: {
          review: 'quarantined',
          definition: m.definition as unknown as Prisma.InputJsonValue,
          fingerprint: m.fingerprint,
          pinViolationAt: new Date(),
          lastSeenAt: new Date(),
        },
      });
      if (count === 0) return false;
      await this.audit.record(
        {
          tenantId: server.tenantId,
          actor: { type: 'system', id: 'gateway' },
          action: 'tool.quarantined',
          target: { type: 'tool', id: server.id, label: m.name },
          outcome: 'success',
          reason: 'the server offered agents a definition other than the approved one',
          details: { serverId: server.id, fingerprint: m.fingerprint, definition: m.definition },
        },
        tx,
      );
      return true;
    });
    if (!changed) return;
    await this.bus.publish({ kind: 'server', tenantId: server.tenantId, serverId: server.id });
    this.resync(server);
  }
}

// The one interface every capability writes audit events through. This first version emits
// structured log lines; the audit trail capability (hash chain, durable store, sinks) fills
// it in without changing a caller.
import { Injectable, Logger } from '@nestjs/common';

export interface AuditActor {
  type: 'user' | 'admin_token' | 'agent' | 'system';
  id: string;
  label?: string;
}

export interface AuditRecord {
  tenantId: string;
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string; label?: string };
  outcome: 'success' | 'failure' | 'denied' | 'error';
  reason?: string;
  requestId?: string;
  ip?: string;
  /** Already free of secrets: callers pass identifiers and facts, never credentials. */
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger('audit');

  /** High-volume events (token endpoint, gateway): never blocks the caller. */
  emit(record: AuditRecord): void {
    this.logger.log({ audit: record });
  }

  /** Admin changes. */
  async record(record: AuditRecord): Promise<void> {
    this.logger.log({ audit: record });
  }
}

/** The actor for an admin request's principal. */
export function actorOf(p: { kind: 'user'; userId: string } | { kind: 'apiToken'; tokenId: string }): AuditActor {
  return p.kind === 'user' ? { type: 'user', id: p.userId } : { type: 'admin_token', id: p.tokenId };
}

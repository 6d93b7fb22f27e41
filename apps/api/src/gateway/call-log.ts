// The audit side of one gateway exchange (one HTTP request of the caller: an agent, or a member
// through an MCP host, named with that client): a record per message
// that the gateway judged, in either direction, completed as answers come back, and written
// exactly once when the exchange ends, however it ends (answered, streamed, refused, failed or
// cut off by the client).
import type { FastifyRequest } from 'fastify';
import type { AuditService } from '../audit/audit.service';
import { policyDecisionRecords, type DecisionSummary } from '../policies/policy-runtime';
import type { GatewayContext } from './gateway.routes';
import type { Verdict } from './policy-gate';

export interface CallRecord {
  /** 'agent': a message from the agent; 'server': one from the server that was not an answer. */
  from: 'agent' | 'server';
  method: string;
  tool?: string;
  uri?: string;
  prompt?: string;
  outcome: 'success' | 'denied' | 'error';
  reason?: string;
  argumentNames?: string[];
  /** Masked arguments (or their size) and the SHA-256 of the originals, when a guardrail found something. */
  arguments?: Verdict['recorded'];
  policy?: DecisionSummary;
  responsePolicy?: DecisionSummary;
}

/**
 * Messages of the server that the gateway refused are written at once (a GET stream can last
 * for hours), once per kind and reason per exchange, with a count on the exchange's last one.
 */
const MAX_SERVER_EVENTS = 50;

export class CallLog {
  private readonly records: CallRecord[] = [];
  private readonly serverSeen = new Map<string, number>();
  private finished = false;
  private readonly started = performance.now();
  requestBytes = 0;
  responseBytes = 0;

  constructor(
    private readonly audit: AuditService,
    private readonly req: FastifyRequest,
    private readonly ctx: GatewayContext,
  ) {}

  /** A message of the agent: written when the exchange ends, with what came back for it. */
  add(record: CallRecord): CallRecord {
    this.records.push(record);
    return record;
  }

  /** A message of the server that was refused or acted on: written now. */
  server(record: Omit<CallRecord, 'from'>): void {
    const key = `${record.method}\u0000${record.reason ?? ''}`;
    const seen = (this.serverSeen.get(key) ?? 0) + 1;
    this.serverSeen.set(key, seen);
    if (seen > 1 || this.serverSeen.size > MAX_SERVER_EVENTS) return;
    this.write({ ...record, from: 'server' }, 0);
  }

  /** A record refused or failed now; keeps the first reason when it already was. */
  static fail(record: CallRecord | undefined, outcome: 'denied' | 'error', reason: string): void {
    if (!record || record.outcome !== 'success') return;
    record.outcome = outcome;
    record.reason = reason;
  }

  /** Marks every still-successful agent request as failed (the upstream did not answer them). */
  failOpen(outcome: 'denied' | 'error', reason: string): void {
    for (const r of this.records) if (r.from === 'agent') CallLog.fail(r, outcome, reason);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const latencyMs = Math.round((performance.now() - this.started) * 100) / 100;
    for (const r of this.records) {
      // Notifications from the agent are routine; only refused ones are worth an event.
      if (r.method.startsWith('notifications/') && r.outcome === 'success') continue;
      this.write(r, latencyMs);
    }
    const repeated = [...this.serverSeen.values()].reduce((n, c) => n + c - 1, 0);
    if (repeated > 0)
      this.write(
        {
          from: 'server',
          method: 'repeated',
          outcome: 'denied',
          reason: `${repeated} more refused messages of the server like the ones recorded`,
        },
        latencyMs,
      );
  }

  private write(r: CallRecord, latencyMs: number): void {
    const { req, ctx } = this;
    const caller = ctx.caller;
    const actor = {
      type: caller.kind === 'agent' ? ('agent' as const) : ('user' as const),
      id: caller.id,
      label: caller.name,
    };
    const requestId = String(req.id);
    this.audit.emit({
      tenantId: ctx.tenant.id,
      actor,
      action: 'gateway.call',
      target: { type: 'server', id: ctx.server.id, label: ctx.server.slug },
      outcome: r.outcome,
      reason: r.reason,
      requestId,
      ip: req.ip,
      details: {
        method: r.method,
        via: caller.via,
        latencyMs,
        ...(caller.kind === 'member' ? { client: caller.client } : {}),
        requestBytes: this.requestBytes,
        responseBytes: this.responseBytes,
        ...(r.from === 'server' ? { from: 'server' } : {}),
        ...(r.tool !== undefined ? { tool: r.tool } : {}),
        ...(r.uri !== undefined ? { uri: r.uri } : {}),
        ...(r.prompt !== undefined ? { prompt: r.prompt } : {}),
        ...(r.argumentNames ? { argumentNames: r.argumentNames } : {}),
        ...(r.arguments ? { arguments: r.arguments } : {}),
        ...(r.policy ? { policy: r.policy } : {}),
        ...(r.responsePolicy ? { responsePolicy: r.responsePolicy } : {}),
      },
    });
    const call = {
      tenantId: ctx.tenant.id,
      actor,
      requestId,
      ip: req.ip,
      method: r.method,
      tool: r.tool,
      serverId: ctx.server.id,
    };
    for (const d of policyDecisionRecords(r.policy, {
      ...call,
      direction: r.from === 'agent' ? 'request' : 'response',
    }))
      this.audit.emit(d);
    for (const d of policyDecisionRecords(r.responsePolicy, { ...call, direction: 'response' }))
      this.audit.emit(d);
  }
}

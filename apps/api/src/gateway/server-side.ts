// Every message the server sends toward the agent, on any path (a JSON answer, an SSE answer,
// the GET stream, a resumed stream), goes through `handle`: answers are matched to the request
// they answer and judged against it (shape, lists cut to the grant, tool definitions checked
// against their pins, guardrails), the server's own requests and notifications are judged by
// the server's settings and guardrails. A message that cannot be judged is never relayed: an
// answer becomes a JSON-RPC error, anything else is dropped, and both are recorded.
import type { FastifyRequest } from 'fastify';
import {
  PipelineError,
  RPC,
  errorResponse,
  judgeResponse,
  judgeServerNotification,
  judgeServerRequest,
  serialize,
  type JsonRpcId,
  type Message,
  type PendingRequest,
  type ResponseMessage,
} from '@portcullis/mcp-pipeline';
import { CallLog, type CallRecord } from './call-log';
import type { GatewayContext } from './gateway.routes';
import { PolicyGate } from './policy-gate';
import { GatewaySessions, idKey } from './sessions';
import type { ToolQuarantine } from './tool-quarantine';
import type { UpstreamClient } from './upstream-client';

export interface PendingEntry {
  id: JsonRpcId;
  request: PendingRequest;
  record?: CallRecord;
}

export interface ServerSideDeps {
  policies: PolicyGate;
  quarantine: ToolQuarantine;
  sessions: GatewaySessions;
  upstream: UpstreamClient;
}

export interface SessionRef {
  /** The gateway's session id (what the agent sees). */
  id: string;
  upstreamSessionId: string;
  protocolVersion?: string;
}

export class ServerSide {
  constructor(
    private readonly deps: ServerSideDeps,
    private readonly req: FastifyRequest,
    private readonly ctx: GatewayContext,
    private readonly log: CallLog,
    /** Requests of this exchange awaiting their answer, by idKey. */
    readonly pending: Map<string, PendingEntry>,
    private readonly policiesActive: boolean,
    private readonly session?: SessionRef,
    /** True on the GET stream: answers there belong to requests of earlier exchanges (a resume). */
    private readonly resumed = false,
  ) {}

  /** What the agent gets for one message of the server, or null when it gets nothing. */
  async handle(m: Message): Promise<Message | null> {
    try {
      if (m.kind === 'response') return await this.answer(m);
      if (m.kind === 'request') return await this.serverRequest(m);
      return await this.notification(m);
    } catch (e) {
      // Fail closed: whatever went wrong, nothing unjudged reaches the agent.
      const reason = e instanceof PipelineError ? e.message : 'the gateway could not check this message';
      if (m.kind === 'response' && m.id !== null)
        return errorResponse(
          m.id,
          RPC.upstreamRefused,
          `The MCP server's answer was not forwarded: ${reason}.`,
        );
      this.log.server({ method: m.kind === 'response' ? 'response' : m.method, outcome: 'error', reason });
      return null;
    }
  }

  /** Requests of this exchange the server never answered; they are answered with `message`. */
  closeUnanswered(message: string, reason: string): ResponseMessage[] {
    const errors: ResponseMessage[] = [];
    for (const entry of this.pending.values()) {
      CallLog.fail(entry.record, 'error', reason);
      errors.push(errorResponse(entry.id, RPC.upstreamUnavailable, message));
    }
    this.pending.clear();
    return errors;
  }

  private async lookup(id: JsonRpcId): Promise<PendingEntry | undefined> {
    const key = idKey(id);
    const local = this.pending.get(key);
    if (local) {
      // An id is answered once: a second answer with it finds nothing.
      this.pending.delete(key);
      return local;
    }
    if (!this.resumed || !this.session) return undefined;
    const request = await this.deps.sessions.pendingRequest(this.session.id, key);
    if (!request) return undefined;
    const record = this.log.add({
      from: 'agent',
      method: request.method,
      tool: request.tool,
      uri: request.uri,
      prompt: request.prompt,
      outcome: 'success',
      reason: 'answered on a resumed stream',
    });
    return { id, request, record };
  }

  private async answer(m: ResponseMessage): Promise<Message | null> {
    if (m.id === null) {
      // An error about a message the server could not read: nothing of the agent's world in it.
      return m.error ? m : null;
    }
    const entry = await this.lookup(m.id);
    if (!entry) {
      this.log.server({
        method: 'response',
        outcome: 'denied',
        reason: 'the server sent an answer to no pending request of this agent',
      });
      return null;
    }
    try {
      return await this.judgeAnswer(m as ResponseMessage & { id: JsonRpcId }, entry);
    } catch (e) {
      CallLog.fail(
        entry.record,
        'error',
        e instanceof PipelineError ? e.message : 'the gateway could not check the answer',
      );
      throw e;
    }
  }

  private async judgeAnswer(m: ResponseMessage & { id: JsonRpcId }, entry: PendingEntry): Promise<Message> {
    const verdict = judgeResponse(this.ctx.caller.rights, entry.request, m);
    for (const mismatch of verdict.mismatches) {
      this.deps.quarantine.report(this.ctx.server, mismatch);
      this.log.server({
        method: 'tools/list',
        tool: mismatch.name,
        outcome: 'denied',
        reason:
          'the server listed a definition other than the approved one: hidden from the agent and quarantined',
      });
    }
    if (verdict.protocolVersion && this.session) {
      this.session.protocolVersion = verdict.protocolVersion;
      void this.deps.sessions
        .setProtocolVersion(this.session.id, verdict.protocolVersion)
        .catch(() => undefined);
    }
    if (verdict.scan === undefined || !this.policiesActive) return verdict.message;
    const v = await this.deps.policies.onServerContent(this.req, this.ctx, verdict.message, {
      method: entry.request.method,
      tool: entry.request.tool,
    });
    if (entry.record) entry.record.responsePolicy = this.deps.policies.summary(v.decision);
    if (v.decision.outcome === 'deny') {
      const reason = refusalReason(v.decision);
      CallLog.fail(entry.record, 'denied', `policy ${reason}: answer blocked`);
      return errorResponse(m.id, RPC.notPermitted, `Blocked by guardrail ${reason}`);
    }
    return v.message;
  }

  private async serverRequest(m: Message & { kind: 'request' }): Promise<Message | null> {
    const judged = judgeServerRequest(this.ctx.server.settings, m);
    if (judged.action === 'refuse') return this.refuseServerRequest(m, judged.reason);
    let out: Message = m;
    if (judged.scan && this.policiesActive) {
      const v = await this.deps.policies.onServerContent(this.req, this.ctx, m, { method: m.method });
      if (v.decision.outcome === 'deny')
        return this.refuseServerRequest(
          m,
          `blocked by guardrail ${refusalReason(v.decision)}`,
          this.deps.policies.summary(v.decision),
        );
      out = v.message;
    }
    if (m.method !== 'ping')
      this.log.server({
        method: m.method,
        outcome: 'success',
        reason: 'server request forwarded to the agent',
      });
    return out;
  }

  /** The server is answered by the gateway (so it does not wait for ever), the agent sees nothing. */
  private refuseServerRequest(
    m: Message & { kind: 'request' },
    reason: string,
    policy?: CallRecord['policy'],
  ): null {
    this.log.server({ method: m.method, outcome: 'denied', reason, ...(policy ? { policy } : {}) });
    const body = serialize(errorResponse(m.id, RPC.notPermitted, `Refused by the gateway: ${reason}.`));
    if (this.session) {
      this.deps.upstream
        .request({
          upstreamUrl: this.ctx.server.upstreamUrl,
          method: 'POST',
          incoming: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...(this.session.protocolVersion ? { 'mcp-protocol-version': this.session.protocolVersion } : {}),
          },
          credentialHeaders: this.ctx.server.upstreamHeaders,
          upstreamSessionId: this.session.upstreamSessionId,
          body,
        })
        .then((res) => res.body.dump())
        .catch(() => undefined);
    }
    return null;
  }

  private async notification(m: Message & { kind: 'notification' }): Promise<Message | null> {
    const judged = judgeServerNotification(this.ctx.caller.rights, this.ctx.server.settings, m);
    if (judged.action === 'refuse') {
      this.log.server({ method: m.method, outcome: 'denied', reason: judged.reason });
      return null;
    }
    if (judged.resync) this.deps.quarantine.resync(this.ctx.server);
    if (!judged.scan || !this.policiesActive) return m;
    const v = await this.deps.policies.onServerContent(this.req, this.ctx, m, { method: m.method });
    if (v.decision.outcome === 'deny') {
      this.log.server({
        method: m.method,
        outcome: 'denied',
        reason: `blocked by guardrail ${refusalReason(v.decision)}`,
        policy: this.deps.policies.summary(v.decision),
      });
      return null;
    }
    return v.message;
  }
}

export function refusalReason(d: {
  explanation: { policyId: string; name: string; reason: string }[];
  deniedBy: string[];
}): string {
  const entry = d.explanation.find((e) => d.deniedBy.includes(e.policyId));
  return entry ? `${entry.name}: ${entry.reason}` : 'refused by policy';
}

// One gateway call: check the protocol messages, forward what is allowed to the upstream with
// the server's credential, relay the answer (JSON, or SSE event by event), filter tool lists,
// and leave an audit event. Refused calls never reach the upstream.
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { AuditService } from '../audit/audit.service';
import { decide, filterToolsResult, type MessageDecision } from './authorize';
import type { GatewayAuthError } from './caller';
import type { GatewayContext } from './gateway.routes';
import { RPC, isRequest, rpcError, type JsonRpcId, type RpcMessage } from './jsonrpc';
import { GatewaySessions } from './sessions';
import { SseSplitter, eventData, withData } from './sse';
import { UpstreamClient, classifyUpstreamError } from './upstream-client';
import { PolicyGate } from './policy-gate';
import { policyDecisionRecords, type DecisionSummary } from '../policies/policy-runtime';

/** Protocol versions that removed JSON-RPC batching (2025-06-18 and later). */
const NO_BATCH_FROM = '2025-06-18';
const LIFECYCLE = new Set(['initialize', 'ping']);

interface CallRecord {
  method: string;
  tool?: string;
  outcome: 'success' | 'denied' | 'error';
  reason?: string;
  argumentNames?: string[];
  /** Recorded only as far as guardrails allow (after redaction). */
  arguments?: unknown;
  policy?: DecisionSummary;
  responsePolicy?: DecisionSummary;
}

@Injectable()
export class GatewayCalls {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly sessions: GatewaySessions,
    private readonly audit: AuditService,
    private readonly policies: PolicyGate,
  ) {}

  // --- POST: client messages ----------------------------------------------------------------

  async post(req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext) {
    const started = performance.now();
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.status(400).send(rpcError(null, RPC.parseError, 'Parse error: the body is not valid JSON.'));
    }
    const batch = Array.isArray(parsed);
    const messages = (batch ? parsed : [parsed]) as RpcMessage[];
    if (messages.length === 0 || messages.some((m) => !m || typeof m !== 'object' || Array.isArray(m) || m.jsonrpc !== '2.0')) {
      return reply.status(400).send(rpcError(null, RPC.invalidRequest, 'Invalid Request: expected JSON-RPC 2.0 message(s).'));
    }
    const version = req.headers['mcp-protocol-version'];
    if (batch && typeof version === 'string' && version >= NO_BATCH_FROM) {
      return reply.status(400).send(rpcError(null, RPC.invalidRequest, `JSON-RPC batching is not supported by protocol version ${version}.`));
    }

    const decisions = messages.map((m) => decide(ctx.caller.rights, m));
    const records = messages.map((m, i) => this.recordOf(m, decisions[i]!));
    const whole = !batch && !decisions[0]!.allow ? (decisions[0] as { wholeRequestScope?: string }).wholeRequestScope : undefined;
    if (whole) {
      // A whole request outside the token's scope: the OAuth answer (RFC 6750 §3.1).
      this.finish(req, ctx, records, started, raw.length, 0);
      reply.header('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${whole}", resource_metadata="${ctx.server.metadataUrl}"`);
      return reply.status(403).send({ error: 'insufficient_scope', error_description: (decisions[0] as { reason: string }).reason });
    }
    const refusals = messages
      .map((m, i) => ({ m, d: decisions[i]! }))
      .filter(({ d }) => !d.allow)
      .map(({ m, d }) => rpcError(m.id ?? null, RPC.notPermitted, `Not permitted: ${(d as { reason: string }).reason}.`));
    let allowed = messages.filter((_, i) => decisions[i]!.allow);
    let rewritten = false;

    // Policies: IP, geography, time, limits and request guardrails, message by message.
    const policyActive = await this.policies.active(ctx.tenant.id);
    if (policyActive) {
      const kept: RpcMessage[] = [];
      for (const m of allowed) {
        // Session lifecycle (initialize, ping) is not an operation: limits count operations.
        if (!isRequest(m) || LIFECYCLE.has(String(m.method))) {
          kept.push(m);
          continue;
        }
        const record = records[messages.indexOf(m)]!;
        const verdict = await this.policies.onRequest(req, ctx, m);
        record.policy = this.policies.summary(verdict.decision);
        record.arguments = verdict.recordableArguments;
        const d = verdict.decision;
        if (d.outcome === 'allow') {
          if (verdict.message !== m) rewritten = true;
          kept.push(verdict.message);
          continue;
        }
        const entry = d.explanation.find((e) => d.deniedBy.includes(e.policyId));
        const reason = entry ? `${entry.name}: ${entry.reason}` : 'refused by policy';
        record.outcome = 'denied';
        record.reason = `policy ${reason}`;
        if (!batch && d.status !== 'guardrail' && d.status !== undefined) {
          // A refusal of the whole request: HTTP status with the limit headers (RFC 6585).
          this.finish(req, ctx, records, started, raw.length, 0);
          for (const [k, v] of Object.entries(d.headers)) reply.header(k, v);
          if (d.retryAfterSec !== undefined) reply.header('Retry-After', String(d.retryAfterSec));
          return reply.status(d.status).send(rpcError(m.id ?? null, RPC.notPermitted, `Refused by policy ${reason}`));
        }
        refusals.push(rpcError(m.id ?? null, RPC.notPermitted, d.status === 'guardrail' ? `Blocked by guardrail ${reason}` : `Refused by policy ${reason}`));
      }
      if (kept.length !== allowed.length) rewritten = true;
      allowed = kept;
    }

    // Sessions: ours map to the upstream's and belong to the agent and server that opened them.
    let upstreamSessionId: string | undefined;
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = await this.sessions.get(sessionId);
      if (!session || session.agentId !== ctx.caller.agentId || session.serverId !== ctx.server.id) {
        return reply.status(404).send(rpcError(null, RPC.invalidRequest, 'Session not found.'));
      }
      upstreamSessionId = session.upstreamSessionId;
    }

    if (allowed.length === 0) {
      this.finish(req, ctx, records, started, raw.length, 0);
      const answerable = refusals.filter((r) => r.id !== null);
      if (answerable.length === 0) return reply.status(202).send();
      return reply.status(200).header('Content-Type', 'application/json').send(batch ? answerable : answerable[0]);
    }

    const toolsListIds = new Set<JsonRpcId>(allowed.filter((m) => m.method === 'tools/list' && m.id !== undefined).map((m) => m.id!));
    const toolCalls = new Map<JsonRpcId, RpcMessage>(
      policyActive ? allowed.filter((m) => m.method === 'tools/call' && isRequest(m)).map((m) => [m.id!, m]) : [],
    );
    const body = batch ? JSON.stringify(allowed) : rewritten ? JSON.stringify(allowed[0]) : raw;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.upstream.request({
        upstreamUrl: ctx.server.upstreamUrl,
        method: 'POST',
        incoming: req.headers,
        credentialHeaders: ctx.server.upstreamHeaders,
        upstreamSessionId,
        body,
      });
    } catch (e) {
      return this.upstreamFailed(req, reply, ctx, records, allowed, started, raw.length, classifyUpstreamError(e));
    }

    const upstreamSession = res.headers['mcp-session-id'];
    if (typeof upstreamSession === 'string' && upstreamSession !== upstreamSessionId) {
      const id = await this.sessions.create({ upstreamSessionId: upstreamSession, agentId: ctx.caller.agentId, serverId: ctx.server.id });
      reply.header('Mcp-Session-Id', id);
    } else if (typeof sessionId === 'string') {
      reply.header('Mcp-Session-Id', sessionId);
    }
    const protocol = res.headers['mcp-protocol-version'];
    if (typeof protocol === 'string') reply.header('MCP-Protocol-Version', protocol);
    if (res.statusCode >= 400) records.forEach((r) => r.outcome === 'success' && ((r.outcome = 'error'), (r.reason = `upstream answered HTTP ${res.statusCode}`)));

    const contentType = String(res.headers['content-type'] ?? '');
    const transform = async (message: RpcMessage): Promise<RpcMessage> => {
      if (!message || message.id === undefined) return message;
      if (toolsListIds.has(message.id) && message.result !== undefined) {
        return { ...message, result: filterToolsResult(ctx.caller.rights, message.result) };
      }
      const call = toolCalls.get(message.id);
      if (call && message.result !== undefined) {
        // Response guardrails on what the tool returned.
        const d = await this.policies.onResult(req, ctx, call, message.result);
        const record = records[messages.findIndex((m) => m.id === call.id)];
        if (record) record.responsePolicy = this.policies.summary(d);
        if (d.outcome === 'deny') {
          const entry = d.explanation.find((e) => d.deniedBy.includes(e.policyId));
          if (record) {
            record.outcome = 'denied';
            record.reason = `policy ${entry?.name ?? ''}: result blocked`;
          }
          return rpcError(message.id, RPC.notPermitted, `Blocked by guardrail ${entry ? `${entry.name}: ${entry.reason}` : ''}`);
        }
        if (d.redactedPayload !== undefined) return { ...message, result: d.redactedPayload };
      }
      return message;
    };

    if (contentType.startsWith('text/event-stream')) {
      return this.relaySse(req, reply, res, refusals, transform, () => this.finish(req, ctx, records, started, raw.length, 0));
    }
    const text = await res.body.text();
    let out = text;
    if (contentType.startsWith('application/json') && (toolsListIds.size > 0 || toolCalls.size > 0 || refusals.length > 0) && text) {
      try {
        const answer = JSON.parse(text) as RpcMessage | RpcMessage[];
        const answers = await Promise.all((Array.isArray(answer) ? answer : [answer]).map(transform));
        out = JSON.stringify(batch ? [...answers, ...refusals] : answers[0]);
      } catch {
        /* not JSON after all: relay as is */
      }
    } else if (res.statusCode === 202 && refusals.some((r) => r.id !== null)) {
      this.finish(req, ctx, records, started, raw.length, 0);
      return reply.status(200).header('Content-Type', 'application/json').send(refusals);
    }
    this.finish(req, ctx, records, started, raw.length, Buffer.byteLength(out));
    if (contentType) reply.header('Content-Type', contentType);
    return reply.status(res.statusCode).send(out === '' ? undefined : out);
  }

  /** SSE: each event goes to the client as soon as it is complete. */
  private relaySse(
    req: FastifyRequest,
    reply: FastifyReply,
    res: Dispatcher.ResponseData,
    refusals: ReturnType<typeof rpcError>[],
    transform: (m: RpcMessage) => RpcMessage | Promise<RpcMessage>,
    done: () => void,
  ) {
    reply.hijack();
    const out = reply.raw;
    const headers = reply.getHeaders() as Record<string, string | string[] | number>;
    out.writeHead(res.statusCode, {
      ...headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    out.flushHeaders();
    for (const r of refusals) if (r.id !== null) out.write(`event: message\ndata: ${JSON.stringify(r)}\n\n`);
    const splitter = new SseSplitter();
    // Events keep their order even when one needs an asynchronous check (response guardrails).
    let chain = Promise.resolve();
    res.body.setEncoding('utf8');
    res.body.on('data', (chunk: string) => {
      for (const event of splitter.push(chunk)) chain = chain.then(async () => void out.write(await this.rewriteEvent(event, transform)));
    });
    const end = () => {
      void chain.then(() => {
        const rest = splitter.rest();
        if (rest) out.write(rest);
        out.end();
        done();
      });
    };
    res.body.on('end', end);
    res.body.on('error', end);
    req.raw.on('close', () => res.body.destroy());
  }

  private async rewriteEvent(event: string, transform: (m: RpcMessage) => RpcMessage | Promise<RpcMessage>): Promise<string> {
    const data = eventData(event);
    if (!data) return event;
    let message: RpcMessage;
    try {
      message = JSON.parse(data) as RpcMessage;
    } catch {
      return event;
    }
    const next = await transform(message);
    return next === message ? event : withData(event, JSON.stringify(next));
  }

  private upstreamFailed(
    req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext, records: CallRecord[], allowed: RpcMessage[],
    started: number, size: number, failure: 'unavailable' | 'timeout',
  ) {
    const reason = failure === 'timeout' ? 'upstream timed out' : 'upstream unavailable';
    records.forEach((r) => r.outcome === 'success' && ((r.outcome = 'error'), (r.reason = reason)));
    this.finish(req, ctx, records, started, size, 0);
    const message = failure === 'timeout'
      ? `The MCP server "${ctx.server.name}" did not answer in time.`
      : `The MCP server "${ctx.server.name}" is unavailable. Try again later.`;
    const errors = allowed.filter(isRequest).map((m) => rpcError(m.id!, failure === 'timeout' ? RPC.upstreamTimeout : RPC.upstreamUnavailable, message));
    if (errors.length === 0) return reply.status(502).send(rpcError(null, RPC.upstreamUnavailable, message));
    return reply.status(200).header('Content-Type', 'application/json').send(errors.length === 1 ? errors[0] : errors);
  }

  // --- GET: the server's stream; DELETE: end the session ---------------------------------------

  async stream(req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext) {
    return this.sessionRequest(req, reply, ctx, 'GET');
  }

  async end(req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext) {
    return this.sessionRequest(req, reply, ctx, 'DELETE');
  }

  private async sessionRequest(req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext, method: 'GET' | 'DELETE') {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId !== 'string') return reply.status(400).send(rpcError(null, RPC.invalidRequest, 'Mcp-Session-Id header is required.'));
    const session = await this.sessions.get(sessionId);
    if (!session || session.agentId !== ctx.caller.agentId || session.serverId !== ctx.server.id) {
      return reply.status(404).send(rpcError(null, RPC.invalidRequest, 'Session not found.'));
    }
    let res: Dispatcher.ResponseData;
    try {
      res = await this.upstream.request({
        upstreamUrl: ctx.server.upstreamUrl, method, incoming: req.headers, credentialHeaders: ctx.server.upstreamHeaders,
        upstreamSessionId: session.upstreamSessionId,
      });
    } catch {
      return reply.status(502).send(rpcError(null, RPC.upstreamUnavailable, `The MCP server "${ctx.server.name}" is unavailable.`));
    }
    if (method === 'DELETE' && res.statusCode < 300) await this.sessions.delete(sessionId);
    reply.header('Mcp-Session-Id', sessionId);
    if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
      return this.relaySse(req, reply, res, [], (m) => m, () => undefined);
    }
    const text = await res.body.text();
    const ct = res.headers['content-type'];
    if (typeof ct === 'string') reply.header('Content-Type', ct);
    return reply.status(res.statusCode).send(text === '' ? undefined : text);
  }

  // --- audit ---------------------------------------------------------------------------------

  private recordOf(m: RpcMessage, d: MessageDecision): CallRecord {
    const method = typeof m.method === 'string' ? m.method : m.method === undefined ? 'response' : 'invalid';
    const params = (m.params ?? {}) as { name?: unknown; arguments?: unknown };
    const tool = method === 'tools/call' && typeof params.name === 'string' ? params.name : undefined;
    // Argument names only: values may carry anything; guardrails decide what may be recorded.
    const args = params.arguments && typeof params.arguments === 'object' ? Object.keys(params.arguments).slice(0, 50) : undefined;
    return { method, tool, outcome: d.allow ? 'success' : 'denied', reason: d.allow ? undefined : d.reason, argumentNames: args };
  }

  private finish(req: FastifyRequest, ctx: GatewayContext, records: CallRecord[], started: number, requestBytes: number, responseBytes: number) {
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    for (const r of records) {
      if (r.method.startsWith('notifications/') || r.method === 'response') continue;
      this.audit.emit({
        tenantId: ctx.tenant.id,
        actor: { type: 'agent', id: ctx.caller.agentId, label: ctx.caller.agentName },
        action: 'gateway.call',
        target: { type: 'server', id: ctx.server.id, label: ctx.server.slug },
        outcome: r.outcome,
        reason: r.reason,
        requestId: String(req.id),
        ip: req.ip,
        details: {
          method: r.method, tool: r.tool, via: ctx.caller.via, latencyMs, requestBytes, responseBytes,
          ...(r.argumentNames ? { argumentNames: r.argumentNames } : {}),
          ...(r.arguments !== undefined ? { arguments: r.arguments } : {}),
          ...(r.policy ? { policy: r.policy } : {}),
          ...(r.responsePolicy ? { responsePolicy: r.responsePolicy } : {}),
        },
      });
      const call = {
        tenantId: ctx.tenant.id, actor: { type: 'agent' as const, id: ctx.caller.agentId, label: ctx.caller.agentName }, requestId: String(req.id),
        ip: req.ip, method: r.method, tool: r.tool, serverId: ctx.server.id,
      };
      for (const d of policyDecisionRecords(r.policy, { ...call, direction: 'request' })) this.audit.emit(d);
      for (const d of policyDecisionRecords(r.responsePolicy, { ...call, direction: 'response' })) this.audit.emit(d);
    }
  }

  recordRefusal(req: FastifyRequest, target: Omit<GatewayContext, 'caller'>, e: GatewayAuthError) {
    this.audit.emit({
      tenantId: target.tenant.id,
      actor: { type: 'agent', id: 'unauthenticated' },
      action: 'gateway.call',
      target: { type: 'server', id: target.server.id, label: target.server.slug },
      outcome: 'denied',
      reason: e.message,
      requestId: String(req.id),
      ip: req.ip,
      details: { status: e.status },
    });
  }
}

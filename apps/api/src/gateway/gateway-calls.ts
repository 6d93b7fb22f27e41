// One gateway exchange, as a pipeline of steps: read the agent's messages (strict JSON,
// classified, batch rules), authorize each against the grant and the pins, apply policies,
// forward the re-serialized messages with the server's credential, then judge every message
// that comes back (ServerSide) and write the agent's answer. The audit records of an exchange
// are written once, when its response closes, however it ends.
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { PipelineError, RPC, errorResponse, serialize, type ResponseMessage } from '@portcullis/mcp-pipeline';
import { AuditService } from '../audit/audit.service';
import { AppConfig, CONFIG } from '../config/config';
import { Drain } from '../infra/drain';
import { CallLog } from './call-log';
import {
  bodyErrorCode,
  judgeClientMessages,
  readClientMessages,
  refusalFor,
  type Judged,
} from './client-side';
import { sessionOwner, type GatewayAuthError } from './caller';
import type { GatewayContext } from './gateway.routes';
import { PolicyGate } from './policy-gate';
import { ServerSide, refusalReason, type PendingEntry, type SessionRef } from './server-side';
import { GatewaySessions, idKey } from './sessions';
import { ToolQuarantine } from './tool-quarantine';
import { bodyKind, failureOf, judgeJsonAnswer, readLimited, relaySse } from './upstream-answer';
import { UpstreamClient, classifyUpstreamError } from './upstream-client';

/** Session lifecycle is not an operation: limits count operations. */
const LIFECYCLE = new Set(['initialize', 'ping']);
const PROTOCOL_VERSION = /^\d{4}-\d{2}-\d{2}$/;
const LAST_EVENT_ID = /^[\x21-\x7e]{1,256}$/;

/** An early answer of the exchange: a status, headers, and a JSON body (JSON-RPC messages are serialized in their wire form). */
class Refusal {
  readonly body: string;
  constructor(
    readonly status: number,
    body: ResponseMessage | ResponseMessage[] | Record<string, string>,
    readonly headers: Record<string, string> = {},
  ) {
    this.body =
      Array.isArray(body) || 'kind' in body
        ? serialize(body as ResponseMessage | ResponseMessage[])
        : JSON.stringify(body);
  }
}

@Injectable()
export class GatewayCalls {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly upstream: UpstreamClient,
    private readonly sessions: GatewaySessions,
    private readonly audit: AuditService,
    private readonly policies: PolicyGate,
    private readonly quarantine: ToolQuarantine,
    private readonly drain: Drain,
  ) {}

  // --- POST: the agent's messages -----------------------------------------------------------

  async post(req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext) {
    const log = this.openLog(req, reply, ctx);
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    log.requestBytes = raw.length;
    try {
      const session = await this.session(req, ctx);
      const version = this.protocolVersion(req) ?? session?.protocolVersion;
      const judged = this.read(raw, version, ctx, log);
      const policiesActive = await this.policies.active(ctx.tenant.id);
      const refusals = await this.applyPolicies(req, ctx, judged, policiesActive);
      const forward = judged.filter((j) => j.verdict.allow).map((j) => j.message);
      if (forward.length === 0) return this.answer(reply, refusals, judged.batch);

      const pending = new Map<string, PendingEntry>();
      for (const j of judged) {
        if (j.verdict.allow && j.message.kind === 'request')
          pending.set(idKey(j.message.id), {
            id: j.message.id,
            request: j.verdict.pending!,
            record: j.record,
          });
      }
      let res: Dispatcher.ResponseData;
      try {
        res = await this.upstream.request({
          upstreamUrl: ctx.server.upstreamUrl,
          method: 'POST',
          incoming: this.upstreamHeaders(version),
          credentialHeaders: ctx.server.upstreamHeaders,
          upstreamSessionId: session?.upstreamSessionId,
          body: serialize(judged.batch ? forward : forward[0]!),
          limits: this.answerLimits(ctx),
        });
      } catch (e) {
        throw this.upstreamFailure(ctx, log, pending, classifyUpstreamError(e));
      }
      const ref = await this.bindSession(reply, ctx, res, session);
      const side = new ServerSide(
        {
          policies: this.policies,
          quarantine: this.quarantine,
          sessions: this.sessions,
          upstream: this.upstream,
        },
        req,
        ctx,
        log,
        pending,
        policiesActive,
        ref,
      );
      return await this.relayAnswer(reply, res, side, log, refusals, judged.batch, ctx, ref);
    } catch (e) {
      if (e instanceof Refusal) return this.refuse(reply, e);
      throw e;
    }
  }

  /** Parse, classify, authorize; a body that cannot be read is refused whole. */
  private read(
    raw: Buffer,
    version: string | undefined,
    ctx: GatewayContext,
    log: CallLog,
  ): Judged[] & { batch: boolean } {
    let parsed;
    try {
      parsed = readClientMessages(raw, version);
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e;
      log.add({ from: 'agent', method: 'invalid', outcome: 'denied', reason: e.message });
      throw new Refusal(400, errorResponse(null, bodyErrorCode(e), `Invalid request: ${e.message}.`));
    }
    const judged = Object.assign(
      judgeClientMessages(ctx.caller.rights, ctx.server.settings, parsed.messages),
      { batch: parsed.batch },
    );
    for (const j of judged) log.add(j.record);
    const only = judged[0]!;
    if (!judged.batch && !only.verdict.allow && only.verdict.missingScope) {
      // A whole request outside the token's scope: the OAuth answer (RFC 6750 §3.1).
      throw new Refusal(
        403,
        { error: 'insufficient_scope', error_description: only.verdict.reason },
        {
          'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${only.verdict.missingScope}", resource_metadata="${ctx.server.metadataUrl}"`,
        },
      );
    }
    return judged;
  }

  /**
   * Policies on every allowed request (limits, access, request guardrails) and on the agent's
   * answers to server requests (guardrails). Refused messages are marked not allowed; the
   * refusals to answer are returned. A single refused request is answered with its HTTP status.
   */
  private async applyPolicies(
    req: FastifyRequest,
    ctx: GatewayContext,
    judged: Judged[] & { batch: boolean },
    active: boolean,
  ): Promise<ResponseMessage[]> {
    const refusals: ResponseMessage[] = [];
    for (const j of judged) {
      if (!j.verdict.allow) {
        const r = refusalFor(j.message, `Not permitted: ${j.verdict.reason}.`);
        if (r) refusals.push(r);
        continue;
      }
      const m = j.message;
      if (!active || m.kind === 'notification' || (m.kind === 'request' && LIFECYCLE.has(m.method))) continue;
      const v =
        m.kind === 'request'
          ? await this.policies.onClientRequest(req, ctx, m)
          : await this.policies.onClientAnswer(req, ctx, m);
      j.record.policy = this.policies.summary(v.decision);
      if (v.recorded) j.record.arguments = v.recorded;
      if (v.decision.outcome === 'allow') {
        j.message = v.message;
        continue;
      }
      const d = v.decision;
      const reason = refusalReason(d);
      j.verdict = { allow: false, reason };
      CallLog.fail(j.record, 'denied', `policy ${reason}`);
      if (m.kind !== 'request') continue;
      if (!judged.batch && d.status !== 'guardrail' && d.status !== undefined) {
        // A refusal of the whole request: its HTTP status with the limit headers (RFC 6585).
        throw new Refusal(d.status, errorResponse(m.id, RPC.notPermitted, `Refused by policy ${reason}`), {
          ...d.headers,
          ...(d.retryAfterSec !== undefined ? { 'Retry-After': String(d.retryAfterSec) } : {}),
        });
      }
      refusals.push(
        errorResponse(
          m.id,
          RPC.notPermitted,
          d.status === 'guardrail' ? `Blocked by guardrail ${reason}` : `Refused by policy ${reason}`,
        ),
      );
    }
    return refusals;
  }

  /** The server's answer: judged JSON, or an SSE stream judged event by event. */
  private async relayAnswer(
    reply: FastifyReply,
    res: Dispatcher.ResponseData,
    side: ServerSide,
    log: CallLog,
    refusals: ResponseMessage[],
    batch: boolean,
    ctx: GatewayContext,
    session: SessionRef | undefined,
  ) {
    const kind = bodyKind(res.headers['content-type']);
    if (res.statusCode === 401 || res.statusCode === 403) {
      res.body.dump().catch(() => undefined);
      throw this.upstreamFailure(ctx, log, side.pending, 'refused', refusals);
    }
    if (kind === 'sse' && res.statusCode === 200) {
      // A streamed answer may be resumed on another request (GET with Last-Event-ID), on any node.
      if (session)
        this.sessions.rememberPending(session.id, new Map([...side.pending].map(([k, p]) => [k, p.request])));
      // An answer still streaming when the node's stop deadline comes is ended with an error per request.
      return relaySse(reply, res, side, log, {
        first: refusals,
        maxEventChars: ctx.server.maxResponseBytes,
        endOn: this.drain.expired,
      });
    }
    if (kind !== 'json' && kind !== 'none') {
      res.body.dump().catch(() => undefined);
      throw this.upstreamFailure(ctx, log, side.pending, 'unreadable', refusals);
    }
    let text: string;
    try {
      text = await readLimited(res.body, ctx.server.maxResponseBytes);
    } catch (e) {
      throw this.upstreamFailure(ctx, log, side.pending, failureOf(e), refusals);
    }
    if (res.statusCode >= 500) {
      throw this.upstreamFailure(ctx, log, side.pending, 'unavailable', refusals);
    }
    const answers = [...(await judgeJsonAnswer(text, side, log)), ...refusals];
    if (res.statusCode >= 400) log.failOpen('error', `upstream answered HTTP ${res.statusCode}`);
    if (answers.length === 0) return reply.status(res.statusCode >= 400 ? res.statusCode : 202).send();
    const body = serialize(batch ? answers : answers[0]!);
    log.responseBytes = Buffer.byteLength(body);
    return reply
      .status(res.statusCode >= 400 ? res.statusCode : 200)
      .header('Content-Type', 'application/json')
      .send(body);
  }

  private answer(reply: FastifyReply, refusals: ResponseMessage[], batch: boolean) {
    if (refusals.length === 0) return reply.status(202).send();
    return reply
      .status(200)
      .header('Content-Type', 'application/json')
      .send(serialize(batch ? refusals : refusals[0]!));
  }

  private refuse(reply: FastifyReply, r: Refusal) {
    for (const [k, v] of Object.entries(r.headers)) reply.header(k, v);
    return reply.status(r.status).header('Content-Type', 'application/json').send(r.body);
  }

  /** The upstream failed or answered nothing usable: an error for each forwarded request. */
  private upstreamFailure(
    ctx: GatewayContext,
    log: CallLog,
    pending: Map<string, PendingEntry>,
    failure: 'unavailable' | 'timeout' | 'refused' | 'unreadable' | 'too_large',
    refusals: ResponseMessage[] = [],
  ): Refusal {
    const name = ctx.server.name;
    const [message, reason]: [string, string] = {
      unavailable: [`The MCP server "${name}" is unavailable. Try again later.`, 'upstream unavailable'],
      timeout: [`The MCP server "${name}" did not answer in time.`, 'upstream timed out'],
      refused: [
        `The MCP server "${name}" refused the gateway's credential.`,
        'upstream refused the gateway credential',
      ],
      unreadable: [
        `The MCP server "${name}" answered with something that is not MCP.`,
        'upstream answer unreadable',
      ],
      too_large: [
        `The MCP server "${name}" answered with more than ${ctx.server.maxResponseBytes} bytes.`,
        'upstream answer too large',
      ],
    }[failure] as [string, string];
    const code =
      failure === 'timeout'
        ? RPC.upstreamTimeout
        : failure === 'too_large'
          ? RPC.payloadTooLarge
          : RPC.upstreamUnavailable;
    log.failOpen('error', reason);
    const errors = [...pending.values()].map((p) => errorResponse(p.id, code, message));
    pending.clear();
    const all = [...errors, ...refusals];
    if (all.length === 0) return new Refusal(502, errorResponse(null, code, message));
    return new Refusal(200, all.length === 1 ? all[0]! : all);
  }

  // --- GET: the server's stream; DELETE: end the session ------------------------------------

  async stream(req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext) {
    const log = this.openLog(req, reply, ctx);
    try {
      if (this.drain.draining)
        throw new Refusal(
          503,
          errorResponse(
            null,
            RPC.upstreamUnavailable,
            'This gateway node is shutting down; open the stream again.',
          ),
        );
      const session = await this.requireSession(req, ctx);
      const lastEventId = req.headers['last-event-id'];
      if (
        lastEventId !== undefined &&
        (typeof lastEventId !== 'string' || !LAST_EVENT_ID.test(lastEventId))
      ) {
        throw new Refusal(
          400,
          errorResponse(null, RPC.invalidRequest, 'Last-Event-ID must be 1-256 printable characters.'),
        );
      }
      log.add({ from: 'agent', method: lastEventId ? 'stream/resume' : 'stream', outcome: 'success' });
      const version = this.protocolVersion(req) ?? session.protocolVersion;
      let res: Dispatcher.ResponseData;
      try {
        res = await this.upstream.request({
          upstreamUrl: ctx.server.upstreamUrl,
          method: 'GET',
          incoming: {
            accept: 'text/event-stream',
            ...(version ? { 'mcp-protocol-version': version } : {}),
            ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
          },
          credentialHeaders: ctx.server.upstreamHeaders,
          upstreamSessionId: session.upstreamSessionId,
          // The server's stream lives as long as the agent holds it: no total size or time, only
          // the size of each event (and the agent going away, or the node stopping, ends it).
          limits: {
            ...this.answerLimits(ctx),
            maxResponseBytes: Number.MAX_SAFE_INTEGER,
            bodyIdleTimeoutMs: 0,
            bodyTimeoutMs: 0,
          },
        });
      } catch (e) {
        throw this.upstreamFailure(ctx, log, new Map(), classifyUpstreamError(e));
      }
      reply.header('Mcp-Session-Id', session.id);
      if (res.statusCode === 200 && bodyKind(res.headers['content-type']) === 'sse') {
        const side = new ServerSide(
          {
            policies: this.policies,
            quarantine: this.quarantine,
            sessions: this.sessions,
            upstream: this.upstream,
          },
          req,
          ctx,
          log,
          new Map(),
          await this.policies.active(ctx.tenant.id),
          session,
          true,
        );
        // The server's stream ends as soon as the node stops taking work: the agent resumes it on another node.
        return relaySse(reply, res, side, log, {
          first: [],
          maxEventChars: ctx.server.maxResponseBytes,
          endOn: this.drain.started,
        });
      }
      res.body.dump().catch(() => undefined);
      // No stream (405 when the server offers none): the status, in the gateway's words.
      const status = res.statusCode === 200 ? 502 : res.statusCode;
      log.failOpen('error', `upstream answered HTTP ${res.statusCode} to the stream request`);
      return reply
        .status(status)
        .header('Content-Type', 'application/json')
        .send(
          serialize(
            errorResponse(
              null,
              RPC.invalidRequest,
              `The MCP server offers no stream here (HTTP ${res.statusCode}).`,
            ),
          ),
        );
    } catch (e) {
      if (e instanceof Refusal) return this.refuse(reply, e);
      throw e;
    }
  }

  async end(req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext) {
    const log = this.openLog(req, reply, ctx);
    try {
      const session = await this.requireSession(req, ctx);
      log.add({ from: 'agent', method: 'session/end', outcome: 'success' });
      let res: Dispatcher.ResponseData;
      try {
        res = await this.upstream.request({
          upstreamUrl: ctx.server.upstreamUrl,
          method: 'DELETE',
          incoming: {},
          credentialHeaders: ctx.server.upstreamHeaders,
          upstreamSessionId: session.upstreamSessionId,
        });
      } catch (e) {
        throw this.upstreamFailure(ctx, log, new Map(), classifyUpstreamError(e));
      }
      res.body.dump().catch(() => undefined);
      if (res.statusCode < 300) await this.sessions.delete(session.id);
      else log.failOpen('error', `upstream answered HTTP ${res.statusCode}`);
      reply.header('Mcp-Session-Id', session.id);
      return reply.status(res.statusCode < 300 ? 200 : res.statusCode).send();
    } catch (e) {
      if (e instanceof Refusal) return this.refuse(reply, e);
      throw e;
    }
  }

  // --- sessions, headers, audit --------------------------------------------------------------

  /** The audit log of this exchange, finished when its response closes (answered, streamed, failed or abandoned). */
  private openLog(req: FastifyRequest, reply: FastifyReply, ctx: GatewayContext): CallLog {
    const log = new CallLog(this.audit, req, ctx);
    reply.raw.once('close', () => log.finish());
    return log;
  }

  /** The agent's session, when it names one; it must belong to this agent and server. */
  private async session(req: FastifyRequest, ctx: GatewayContext): Promise<SessionRef | undefined> {
    const id = req.headers['mcp-session-id'];
    if (id === undefined) return undefined;
    const s = typeof id === 'string' ? await this.sessions.get(id) : null;
    if (!s || s.agentId !== sessionOwner(ctx.caller) || s.serverId !== ctx.server.id) {
      throw new Refusal(404, errorResponse(null, RPC.invalidRequest, 'Session not found.'));
    }
    return { id: id as string, upstreamSessionId: s.upstreamSessionId, protocolVersion: s.protocolVersion };
  }

  private async requireSession(req: FastifyRequest, ctx: GatewayContext): Promise<SessionRef> {
    const s = await this.session(req, ctx);
    if (!s)
      throw new Refusal(400, errorResponse(null, RPC.invalidRequest, 'Mcp-Session-Id header is required.'));
    return s;
  }

  /** Maps a new upstream session to one of ours, bound to this agent and server. */
  private async bindSession(
    reply: FastifyReply,
    ctx: GatewayContext,
    res: Dispatcher.ResponseData,
    current?: SessionRef,
  ): Promise<SessionRef | undefined> {
    const upstream = res.headers['mcp-session-id'];
    const protocol = res.headers['mcp-protocol-version'];
    if (typeof protocol === 'string' && PROTOCOL_VERSION.test(protocol))
      reply.header('MCP-Protocol-Version', protocol);
    if (typeof upstream === 'string' && upstream !== current?.upstreamSessionId && upstream.length <= 256) {
      const id = await this.sessions.create({
        upstreamSessionId: upstream,
        agentId: sessionOwner(ctx.caller),
        serverId: ctx.server.id,
      });
      reply.header('Mcp-Session-Id', id);
      return { id, upstreamSessionId: upstream };
    }
    if (current) reply.header('Mcp-Session-Id', current.id);
    return current;
  }

  private protocolVersion(req: FastifyRequest): string | undefined {
    const v = req.headers['mcp-protocol-version'];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !PROTOCOL_VERSION.test(v))
      throw new Refusal(
        400,
        errorResponse(null, RPC.invalidRequest, 'MCP-Protocol-Version must be a date such as 2025-06-18.'),
      );
    return v;
  }

  /** The server's own answer limit (an answer, or one event of its stream), within the deployment's event limit. */
  private answerLimits(ctx: GatewayContext) {
    const max = ctx.server.maxResponseBytes;
    return {
      maxResponseBytes: max,
      maxSseEventBytes: Math.min(max, this.config.UPSTREAM_MAX_SSE_EVENT_BYTES),
    };
  }

  /** Only headers the gateway chose reach the server: the agent's are never copied. */
  private upstreamHeaders(version: string | undefined): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(version ? { 'mcp-protocol-version': version } : {}),
    };
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

// Policies at the gateway. Requests from the agent are evaluated in full (IP, geography, time,
// limits, request guardrails) before they are forwarded; content coming back from the server
// (answers, its own requests, notifications) and the agent's answers to the server's requests
// pass the guardrails of their direction, without counting limits again. Tenants without
// policies skip all of it.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Decision } from '@portcullis/policy-engine';
import type { Message } from '@portcullis/mcp-pipeline';
import { PolicyRuntime, decisionSummary } from '../policies/policy-runtime';
import type { GatewayContext } from './gateway.routes';
import { policySubject } from './caller';

/** What a message's guardrail payload is: the arguments of a tool call, else params; result or error of an answer. */
export function payloadOf(m: Message): unknown {
  if (m.kind === 'response') return m.result ?? m.error;
  if (m.kind === 'request' && m.method === 'tools/call') return m.params?.arguments;
  return m.params;
}

/** The message with its guardrail payload replaced (by its redacted form). */
export function withPayload(m: Message, payload: unknown): Message {
  if (m.kind === 'response')
    return m.error
      ? { ...m, error: payload as typeof m.error }
      : { ...m, result: payload as Record<string, unknown> };
  if (m.kind === 'request' && m.method === 'tools/call')
    return { ...m, params: { ...m.params, arguments: payload } };
  return { ...m, params: payload as Record<string, unknown> };
}

/** Larger masked arguments are recorded as their size and SHA-256 only. */
export const MAX_RECORDED_ARGUMENT_CHARS = 4096;

export interface Verdict {
  decision: Decision;
  /** The message to forward: its payload redacted when a guardrail redacted it. */
  message: Message;
  /**
   * What the audit trail may keep of the payload when a guardrail found something in it: the
   * masked copy (or its size when large) and the SHA-256 of the original, so the evidence can
   * be matched later without the trail ever holding the secret.
   */
  recorded?: { masked?: unknown; truncated?: true; chars?: number; sha256: string };
}

@Injectable()
export class PolicyGate {
  constructor(private readonly runtime: PolicyRuntime) {}

  async active(tenantId: string): Promise<boolean> {
    return !(await this.runtime.isEmpty(tenantId));
  }

  /** A request from the agent (limits counted). */
  onClientRequest(
    req: FastifyRequest,
    ctx: GatewayContext,
    m: Message & { kind: 'request' },
  ): Promise<Verdict> {
    return this.check(req, ctx, m, { method: m.method, tool: toolOf(m) }, 'request', true);
  }

  /** Content on its way to the agent: an answer (`about` is what it answers), a server request or notification. */
  onServerContent(
    req: FastifyRequest,
    ctx: GatewayContext,
    m: Message,
    about: { method: string; tool?: string },
  ): Promise<Verdict> {
    return this.check(req, ctx, m, about, 'response', false);
  }

  /** The agent's answer to a server request (a sampled completion, an elicited form, its roots). */
  onClientAnswer(req: FastifyRequest, ctx: GatewayContext, m: Message): Promise<Verdict> {
    return this.check(req, ctx, m, { method: 'response' }, 'request', false);
  }

  summary(d: Decision) {
    return decisionSummary(d);
  }

  private async check(
    req: FastifyRequest,
    ctx: GatewayContext,
    m: Message,
    about: { method: string; tool?: string },
    direction: 'request' | 'response',
    countLimits: boolean,
  ): Promise<Verdict> {
    const payload = payloadOf(m);
    const decision = await this.runtime.decide(
      {
        tenantId: ctx.tenant.id,
        agentId: policySubject(ctx.caller),
        clientId: ctx.caller.client.id,
        serverId: ctx.server.id,
        tool: about.tool,
        method: about.method,
        ip: req.ip,
        now: Date.now(),
        timeZone: ctx.tenant.timeZone,
        direction,
        payload,
      },
      undefined,
      { countLimits },
    );
    const verdict: Verdict = { decision, message: m };
    if (decision.outcome === 'allow' && decision.redactedPayload !== undefined)
      verdict.message = withPayload(m, decision.redactedPayload);
    if (decision.maskedPayload !== undefined) verdict.recorded = recordable(payload, decision.maskedPayload);
    return verdict;
  }
}

function toolOf(m: Message): string | undefined {
  const name = m.kind === 'request' && m.method === 'tools/call' ? m.params?.name : undefined;
  return typeof name === 'string' ? name : undefined;
}

function recordable(original: unknown, masked: unknown): NonNullable<Verdict['recorded']> {
  const sha256 = createHash('sha256')
    .update(JSON.stringify(original ?? null))
    .digest('hex');
  const text = JSON.stringify(masked ?? null);
  return text.length <= MAX_RECORDED_ARGUMENT_CHARS
    ? { masked, sha256 }
    : { truncated: true, chars: text.length, sha256 };
}

// Policies at the gateway: every request message is evaluated (IP, geography, time, limits,
// request guardrails) before it is forwarded, and tool results on the way back (response
// guardrails). Tenants without policies skip all of it.
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Decision } from '@portcullis/policy-engine';
import { PolicyRuntime, decisionSummary } from '../policies/policy-runtime';
import type { GatewayContext } from './gateway.routes';
import type { RpcMessage } from './jsonrpc';

export interface RequestVerdict {
  decision: Decision;
  /** The message to forward: with redacted arguments when a guardrail redacted them. */
  message: RpcMessage;
  /** Arguments as far as guardrails allow recording them (redacted), or undefined. */
  recordableArguments?: unknown;
}

const MAX_RECORDED_ARGS = 4096;

function guardrailScanned(d: Decision): boolean {
  return d.explanation.some((e) => e.matched && e.kind === 'guardrail');
}

@Injectable()
export class PolicyGate {
  constructor(private readonly runtime: PolicyRuntime) {}

  async active(tenantId: string): Promise<boolean> {
    return !(await this.runtime.isEmpty(tenantId));
  }

  private base(req: FastifyRequest, ctx: GatewayContext, m: RpcMessage) {
    const params = (m.params ?? {}) as { name?: unknown; arguments?: unknown };
    return {
      tenantId: ctx.tenant.id,
      agentId: ctx.caller.agentId,
      serverId: ctx.server.id,
      tool: m.method === 'tools/call' && typeof params.name === 'string' ? params.name : undefined,
      method: typeof m.method === 'string' ? m.method : 'unknown',
      ip: req.ip,
      now: Date.now(),
      timeZone: ctx.tenant.timeZone,
    };
  }

  async onRequest(req: FastifyRequest, ctx: GatewayContext, m: RpcMessage): Promise<RequestVerdict> {
    const params = (m.params ?? {}) as { arguments?: unknown };
    const payload = m.method === 'tools/call' ? params.arguments : m.params;
    const decision = await this.runtime.decide({ ...this.base(req, ctx, m), direction: 'request', payload });
    let message = m;
    if (decision.outcome === 'allow' && decision.redactedPayload !== undefined) {
      message = m.method === 'tools/call'
        ? { ...m, params: { ...(m.params as object), arguments: decision.redactedPayload } }
        : { ...m, params: decision.redactedPayload };
    }
    let recordableArguments: unknown;
    if (m.method === 'tools/call' && guardrailScanned(decision)) {
      const args = (message.params as { arguments?: unknown } | undefined)?.arguments;
      const text = JSON.stringify(args ?? null);
      recordableArguments = text.length <= MAX_RECORDED_ARGS ? args : { truncated: true, bytes: text.length };
    }
    return { decision, message, recordableArguments };
  }

  /** Response guardrails on a tool result; counters are not touched again. */
  async onResult(req: FastifyRequest, ctx: GatewayContext, request: RpcMessage, result: unknown): Promise<Decision> {
    return this.runtime.decide({ ...this.base(req, ctx, request), direction: 'response', payload: result }, undefined, { countLimits: false });
  }

  summary(d: Decision) {
    return decisionSummary(d);
  }
}

// Policies at token issuance, for agents and people alike: IP, geography, time window and the
// rate of issuance (the same limits as calls, counted in their own counters). Tenants without
// policies skip all of it.
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditService, type AuditActor } from '../audit/audit.service';
import {
  PolicyRuntime,
  decisionSummary,
  policyDecisionRecords,
  type DecisionSummary,
} from '../policies/policy-runtime';
import type { TenantRef } from './tenant-directory';
import { OAuthError } from './oauth-error';

export interface Issuance {
  tenant: TenantRef;
  actor: AuditActor;
  /** The caller as policies see it: an agent's id, or `user:<id>` for a person. */
  callerId: string;
  clientId: string;
  serverId: string;
}

/** A policy refused the issuance: the OAuth error to answer, and the reason to audit. */
export class IssuanceRefused extends Error {
  constructor(
    readonly oauth: OAuthError,
    readonly reason: string,
  ) {
    super(reason);
  }
}

@Injectable()
export class IssuancePolicy {
  constructor(
    private readonly policies: PolicyRuntime,
    private readonly audit: AuditService,
  ) {}

  /** The decision's summary for the token.issued event, or IssuanceRefused. */
  async check(req: FastifyRequest, i: Issuance): Promise<DecisionSummary | undefined> {
    if (await this.policies.isEmpty(i.tenant.id)) return undefined;
    const d = await this.policies.decide(
      {
        tenantId: i.tenant.id,
        agentId: i.callerId,
        clientId: i.clientId,
        serverId: i.serverId,
        method: 'token',
        ip: req.ip,
        now: Date.now(),
        timeZone: i.tenant.timeZone,
        direction: 'request',
      },
      undefined,
      { counters: 'token' },
    );
    const policy = decisionSummary(d);
    const call = {
      tenantId: i.tenant.id,
      actor: i.actor,
      requestId: String(req.id),
      ip: req.ip,
      direction: 'request' as const,
      method: 'token',
      serverId: i.serverId,
    };
    for (const record of policyDecisionRecords(policy, call)) this.audit.emit(record);
    if (d.outcome === 'deny') {
      const entry = d.explanation.find((e) => d.deniedBy.includes(e.policyId));
      const status = d.status === 429 || d.status === 503 ? d.status : 403;
      throw new IssuanceRefused(
        new OAuthError(
          'access_denied',
          `Refused by policy ${entry?.name ?? ''}: ${entry?.reason ?? 'not allowed now'}.`,
          { status, retryAfterSec: d.retryAfterSec },
        ),
        `policy ${entry?.name ?? ''}`,
      );
    }
    return policy;
  }
}

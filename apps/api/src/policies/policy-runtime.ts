// Evaluating a tenant's policies for one call: compiled policy sets cached per tenant and
// stale on every node when a policy changes (the tenant's generation moves); counters in
// Redis, one round trip per call.
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  RedisRateLimitStore,
  compilePolicies,
  createGeoipLiteResolver,
  evaluate,
  openMaxMindResolver,
  type CallContext,
  type CompiledPolicySet,
  type Decision,
  type GeoResolver,
  type Policy,
} from '@portcullis/policy-engine';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { REDIS } from '../infra/redis';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';
import type { Policy as PolicyRow } from '@portcullis/db';
import type { AuditActor, AuditRecord } from '../audit/audit.service';

export function rowToPolicy(r: PolicyRow): Policy {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    target: r.target,
    mode: r.mode,
    priority: r.priority,
    enabled: r.enabled,
    ...(r.failMode ? { failMode: r.failMode } : {}),
    config: r.config,
  } as unknown as Policy;
}

/** What lands in the audit event of a call: ids, modes, outcomes, detectors; never content. */
export function decisionSummary(d: Decision) {
  const entries = d.explanation.filter((e) => e.matched);
  return {
    outcome: d.outcome,
    deniedBy: d.deniedBy,
    entries: entries.map((e) => ({
      policyId: e.policyId,
      name: e.name,
      kind: e.kind,
      mode: e.mode,
      outcome: e.outcome,
      reason: e.reason,
      // What was caught and where (detector, JSON path, offsets, a masked hint): never the value.
      ...(e.findings?.length
        ? {
            findings: e.findings.map((f) => ({
              detector: f.detector,
              label: f.label,
              path: f.path,
              action: f.action,
              ...(f.hint ? { hint: f.hint } : {}),
            })),
          }
        : {}),
      ...(e.storeFailure ? { storeFailure: e.storeFailure.failMode } : {}),
    })),
  };
}

export type DecisionSummary = ReturnType<typeof decisionSummary>;

/** The call a decision was about, as its audit events name it. */
export interface DecidedCall {
  tenantId: string;
  actor: AuditActor;
  requestId: string;
  ip?: string;
  direction: 'request' | 'response';
  method: string;
  tool?: string;
  serverId: string;
}

/**
 * One `policy.decision` event per policy that acted on a call (refused, redacted or flagged it,
 * or would have, in monitor mode), targeting the policy, so an auditor can ask what a policy
 * did. The call's own event carries the whole explanation; both share the request id.
 */
export function policyDecisionRecords(
  summary: DecisionSummary | undefined,
  call: DecidedCall,
): AuditRecord[] {
  if (!summary) return [];
  return summary.entries
    .filter((e) => e.outcome !== 'allow' && e.outcome !== 'skipped')
    .map((e) => ({
      tenantId: call.tenantId,
      actor: call.actor,
      action: 'policy.decision' as const,
      target: { type: 'policy', id: e.policyId, label: e.name },
      outcome: e.outcome === 'deny' && e.mode === 'enforce' ? ('denied' as const) : ('success' as const),
      reason: e.reason,
      requestId: call.requestId,
      ip: call.ip,
      details: {
        effect: e.outcome,
        mode: e.mode,
        kind: e.kind,
        direction: call.direction,
        method: call.method,
        serverId: call.serverId,
        ...(call.tool ? { tool: call.tool } : {}),
        ...(e.findings ? { findings: e.findings } : {}),
        ...(e.storeFailure ? { storeFailure: e.storeFailure } : {}),
      },
    }));
}

@Injectable()
export class PolicyRuntime implements OnModuleInit {
  private readonly sets: CoherentCache<string, CompiledPolicySet>;
  private readonly store: RedisRateLimitStore;
  /** Token issuance counts against the same limits in its own counters ("N tokens per window"). */
  private readonly tokenStore: RedisRateLimitStore;
  private geo: GeoResolver = createGeoipLiteResolver();

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    @Inject(REDIS) redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    caches: CacheCoherence,
  ) {
    this.store = new RedisRateLimitStore(
      redis as unknown as ConstructorParameters<typeof RedisRateLimitStore>[0],
      {
        keyPrefix: `${config.REDIS_PREFIX}:rl:`,
      },
    );
    this.tokenStore = new RedisRateLimitStore(
      redis as unknown as ConstructorParameters<typeof RedisRateLimitStore>[0],
      {
        keyPrefix: `${config.REDIS_PREFIX}:rl-token:`,
      },
    );
    this.sets = caches.cache({
      name: 'policies',
      tenantOfKey: (tenantId) => tenantId,
      load: (tenantId) =>
        this.tenantDbs
          .forTenant(tenantId)
          .policy.findMany()
          .then((rows) => compilePolicies(rows.map(rowToPolicy))),
    });
  }

  async onModuleInit(): Promise<void> {
    if (this.config.GEOIP_MMDB_PATH) this.geo = await openMaxMindResolver(this.config.GEOIP_MMDB_PATH);
  }

  policies(tenantId: string): Promise<CompiledPolicySet> {
    return this.sets.get(tenantId);
  }

  /** Evaluates the tenant's policies (or the given set) for a call; counters in Redis. */
  async decide(
    ctx: CallContext,
    set?: CompiledPolicySet | Policy[],
    opts: { countLimits?: boolean; counters?: 'gateway' | 'token' } = {},
  ): Promise<Decision> {
    const policies = set ?? (await this.policies(ctx.tenantId));
    const store =
      opts.countLimits === false ? undefined : opts.counters === 'token' ? this.tokenStore : this.store;
    return evaluate(policies, ctx, { store, geo: this.geo, storeTimeoutMs: 250 });
  }

  /** True when the tenant has no policy at all: the gateway then skips evaluation entirely. */
  async isEmpty(tenantId: string): Promise<boolean> {
    return (await this.policies(tenantId)).policies.length === 0;
  }
}

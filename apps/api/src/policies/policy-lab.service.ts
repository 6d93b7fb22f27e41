// The simulator and the back-test: what the policies would decide for a hypothetical call,
// and what a draft would have done to the calls the tenant actually made.
import { Injectable } from '@nestjs/common';
import {
  MemoryRateLimitStore,
  compilePolicies,
  evaluate,
  type Decision,
  type Policy,
} from '@portcullis/policy-engine';
import { AppError } from '../common/errors';
import { TenantDbFactory } from '../infra/database';
import type { TenantContext } from '../common/principal';
import type { JobControl } from '../jobs/job-control';
import { PolicyRuntime, rowToPolicy } from './policy-runtime';
import { validateDraft } from './policies.service';

interface SimCall {
  agentId: string;
  serverId: string;
  tool?: string;
  method: string;
  payload?: unknown;
  direction: 'request' | 'response';
  ip: string;
  country?: string;
  time?: string;
}

const SAMPLE_LIMIT = 20;

/** A back-test as the route takes it (and as its job keeps it: plain JSON). */
export interface BacktestInput {
  draft: Record<string, unknown>;
  from: string;
  to: string;
  maxEvents: number;
}

@Injectable()
export class PolicyLab {
  constructor(
    private readonly tenantDbs: TenantDbFactory,
    private readonly runtime: PolicyRuntime,
  ) {}

  private draftPolicy(draft: Record<string, unknown>): Policy {
    const { policy, errors } = validateDraft(draft, 'draft');
    if (!policy)
      throw new AppError('validation_failed', 'The draft policy has invalid fields.', {
        errors: errors.map((e) => ({ ...e, path: `draft.${e.path}` })),
      });
    return policy;
  }

  private async timeZone(t: TenantContext): Promise<string> {
    return (await t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } })).timeZone;
  }

  /** Counters are not touched: limits show as "not counted" in a simulation. */
  async simulate(
    t: TenantContext,
    call: SimCall,
    draft?: Record<string, unknown>,
    draftOnly = false,
  ): Promise<Decision> {
    const current = draftOnly ? [] : (await t.db.policy.findMany()).map(rowToPolicy);
    const policies = draft ? [...current, this.draftPolicy(draft)] : current;
    return this.runtime.decide(
      {
        tenantId: t.tenantId,
        agentId: call.agentId,
        serverId: call.serverId,
        tool: call.tool,
        method: call.method,
        ip: call.ip,
        country: call.country?.toUpperCase(),
        now: call.time ? new Date(call.time) : new Date(),
        timeZone: await this.timeZone(t),
        direction: call.direction,
        payload: call.payload,
      },
      policies,
      { countLimits: false },
    );
  }

  /** Throws the draft's validation errors (400), before any back-test is started with it. */
  checkDraft(draft: Record<string, unknown>): void {
    this.draftPolicy(draft);
  }

  /**
   * Replays recorded gateway calls (oldest first) through the draft alone, with simulated
   * counters running on the recorded clock. Content rules see the arguments as recorded,
   * that is after the guardrails of the time redacted them; results are not recorded. Reads a
   * page at a time, reporting progress against at most maxEvents (JobControl).
   */
  async backtest(tenantId: string, input: BacktestInput, control: JobControl) {
    const { from, to, maxEvents } = { ...input, from: new Date(input.from), to: new Date(input.to) };
    const set = compilePolicies([this.draftPolicy(input.draft)]);
    const db = this.tenantDbs.forTenant(tenantId);
    const timeZone = (await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).timeZone;
    const calls = { action: 'gateway.call', time: { gte: from, lte: to } };
    const total = Math.min(maxEvents, await db.auditEvent.count({ where: calls }));
    let clock = 0;
    const store = new MemoryRateLimitStore({ now: () => clock });
    const result = { evaluated: 0, wouldDeny: 0, wouldRedact: 0, wouldFlag: 0 };
    const reasons = new Map<string, number>();
    const samples: {
      eventId: string;
      seq: number;
      time: string;
      agentId: string;
      tool: string | null;
      outcome: string;
      reason: string;
    }[] = [];
    let after = -1n;
    while (result.evaluated < maxEvents) {
      const rows = await db.auditEvent.findMany({
        where: { ...calls, seq: { gt: after } },
        orderBy: { seq: 'asc' },
        take: Math.min(1000, maxEvents - result.evaluated),
      });
      if (rows.length === 0) break;
      for (const e of rows) {
        const details = e.details as { method?: string; arguments?: unknown };
        clock = e.time.getTime();
        const d = await evaluate(
          set,
          {
            tenantId,
            agentId: e.actorId,
            serverId: e.targetId ?? '',
            tool: e.tool ?? undefined,
            method: details.method ?? 'tools/call',
            ip: e.ip ?? '0.0.0.0',
            country: e.country ?? undefined,
            now: e.time,
            timeZone,
            direction: 'request',
            payload: details.arguments,
          },
          { store },
        );
        result.evaluated++;
        const entry = d.explanation.find(
          (x) => x.matched && x.outcome !== 'allow' && x.outcome !== 'skipped',
        );
        if (!entry) continue;
        const outcome = d.outcome === 'deny' || entry.outcome === 'deny' ? 'deny' : entry.outcome;
        if (outcome === 'deny') result.wouldDeny++;
        else if (outcome === 'redact') result.wouldRedact++;
        else if (outcome === 'flag') result.wouldFlag++;
        reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + 1);
        if (samples.length < SAMPLE_LIMIT) {
          samples.push({
            eventId: e.id,
            seq: Number(e.seq),
            time: e.time.toISOString(),
            agentId: e.actorId,
            tool: e.tool,
            outcome,
            reason: entry.reason,
          });
        }
      }
      after = rows[rows.length - 1]!.seq;
      await control.page(result.evaluated, total);
    }
    return {
      ...result,
      byReason: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
      samples,
      note: 'Replays recorded gateway calls through the draft alone with simulated counters. Content rules see tool arguments as recorded (already redacted by the guardrails in force then); tool results are not recorded, so response guardrails cannot be back-tested.',
    };
  }
}

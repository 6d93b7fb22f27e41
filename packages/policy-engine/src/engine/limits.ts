// Rate limits and quotas: one batch to the counter store for every limit of the call.
import type { FailMode } from '../model/common';
import type { EntryOutcome, LimitState } from '../decision';
import { keyParts, limitKey } from '../ratelimit/keys';
import { currentPeriod } from '../ratelimit/quota-period';
import type { RateLimitHit, RateLimitResult, RateLimitStore } from '../ratelimit/store';
import type { CallFacts } from './access';
import type { CompiledPolicy } from './compiled';

export interface LimitVerdict {
  outcome: Extract<EntryOutcome, 'allow' | 'deny' | 'skipped'>;
  reason: string;
  limit?: LimitState;
  storeFailure?: { failMode: FailMode; error: string };
}

interface Pending {
  item: number;
  p: CompiledPolicy;
  hit: RateLimitHit;
  /** Quotas: end of the calendar period, which is when they reset. */
  periodEndMs?: number;
  windowSec: number;
  limit: number;
}

export interface CountOptions {
  store: RateLimitStore | undefined;
  timeoutMs: number | undefined;
}

const DAY = 86_400;

export async function countLimits(
  items: ReadonlyArray<{ item: number; p: CompiledPolicy }>,
  facts: CallFacts,
  options: CountOptions,
): Promise<Map<number, LimitVerdict>> {
  const verdicts = new Map<number, LimitVerdict>();
  const pending: Pending[] = [];
  const { ctx } = facts;
  const parts = keyParts(ctx.tenantId, ctx.agentId, ctx.serverId, ctx.tool, ctx.clientId);
  for (const { item, p } of items) {
    if (!options.store) {
      verdicts.set(item, { outcome: 'skipped', reason: 'not counted: no rate-limit store' });
      continue;
    }
    if (p.rateLimit) {
      const c = p.rateLimit;
      const key = limitKey(parts, p.policy.id, c.per, ':r');
      if (!key) {
        verdicts.set(item, { outcome: 'skipped', reason: uncounted(c.per) });
        continue;
      }
      const params = { limit: c.limit, windowSec: c.windowSec, burst: c.burst, cost: 1 };
      pending.push({
        item,
        p,
        hit: { key, params, blocking: p.enforce },
        windowSec: c.windowSec,
        limit: c.limit,
      });
    } else if (p.quota) {
      const c = p.quota;
      const period = quotaPeriod(facts, c.period);
      const key = limitKey(parts, p.policy.id, c.per, `:q:${period.id}`);
      if (!key) {
        verdicts.set(item, { outcome: 'skipped', reason: uncounted(c.per) });
        continue;
      }
      // A GCRA whose interval outlasts any period never refills: a plain counter for the
      // period, which the period-specific key resets. The key expires soon after the period.
      const params = {
        limit: 1,
        windowSec: c.period === 'day' ? 2 * DAY : 32 * DAY,
        burst: c.limit,
        cost: 1,
        ttlSec: Math.ceil((period.endMs - facts.nowMs) / 1000) + 3600,
      };
      pending.push({
        item,
        p,
        hit: { key, params, blocking: p.enforce },
        periodEndMs: period.endMs,
        windowSec: (period.endMs - period.startMs) / 1000,
        limit: c.limit,
      });
    }
  }
  if (pending.length === 0) return verdicts;

  let results: RateLimitResult[];
  try {
    results = await withTimeout(
      hitAll(
        options.store!,
        pending.map((x) => x.hit),
      ),
      options.timeoutMs,
    );
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    for (const x of pending) {
      const failMode = x.p.failMode ?? 'open';
      verdicts.set(x.item, {
        outcome: failMode === 'closed' ? 'deny' : 'allow',
        reason: `rate-limit store unavailable (${error}); failing ${failMode}`,
        storeFailure: { failMode, error },
      });
    }
    return verdicts;
  }

  pending.forEach((x, i) => {
    const r = results[i]!;
    if (!r.allowed && r.retryAfterSec === 0) {
      // This limit had room, but the batch was refused by another one: nothing was counted.
      verdicts.set(x.item, {
        outcome: 'skipped',
        reason: `not counted: the call was refused by another limit`,
      });
      return;
    }
    const resetSec =
      x.periodEndMs === undefined ? r.resetSec : Math.max(0, (x.periodEndMs - facts.nowMs) / 1000);
    const retryAfterSec = r.allowed ? 0 : x.periodEndMs === undefined ? r.retryAfterSec : resetSec;
    const limit: LimitState = {
      limit: x.limit,
      windowSec: x.windowSec,
      remaining: r.remaining,
      resetSec,
      retryAfterSec,
    };
    verdicts.set(x.item, {
      outcome: r.allowed ? 'allow' : 'deny',
      reason: describeState(x, r, limit),
      limit,
    });
  });
  return verdicts;
}

/** The calendar period in the tenant's zone; an unknown zone counts in UTC rather than failing. */
function quotaPeriod(facts: CallFacts, period: 'day' | 'month') {
  const zone = facts.ctx.timeZone;
  try {
    return currentPeriod(facts.nowMs, zone, period, facts.localTime(zone));
  } catch {
    return currentPeriod(facts.nowMs, 'UTC', period, facts.localTime('UTC'));
  }
}

async function hitAll(store: RateLimitStore, hits: RateLimitHit[]): Promise<RateLimitResult[]> {
  if (store.hitAll) return store.hitAll(hits);
  // Without a batch the store cannot be all-or-nothing; each limit counts on its own.
  return Promise.all(hits.map((h) => store.hit(h.key, h.params)));
}

function uncounted(per: string): string {
  return per === 'client'
    ? 'not counted: counts per client and this call names none'
    : 'not counted: counts tool calls per tool and this call has no tool';
}

function withTimeout<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeState(x: Pending, r: RateLimitResult, s: LimitState): string {
  if (r.allowed) return `${s.remaining} left (${x.p.limitLabel}); full again in ${Math.ceil(s.resetSec)} s`;
  return `limit reached (${x.p.limitLabel}); retry in ${Math.max(1, Math.ceil(s.retryAfterSec))} s`;
}

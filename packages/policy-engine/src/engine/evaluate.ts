// evaluate(): the decision for one call. Access checks (IP, geo, time) and content checks are
// pure; only rate limits and quotas talk to the counter store, in one batch, and only for
// calls nothing else refused (a refused call never reaches the upstream, so it uses up no
// limit, and a misbehaving agent cannot drain a tenant-wide counter with refused calls).
import type { CallContext } from '../context';
import type { Decision, ExplanationEntry } from '../decision';
import type { GeoResolver } from '../geo/resolver';
import type { Policy, PolicyInput } from '../model/policy';
import type { RateLimitStore } from '../ratelimit/store';
import { CallFacts, checkAccess } from './access';
import { combine } from './combine';
import { compilePolicies, CompiledPolicySet } from './compile';
import { checkContent } from './content';
import { countLimits } from './limits';
import type { PlanItem } from './plan';

export interface EvaluateOptions {
  /** Counter store for rate limits and quotas; without one they are recorded as not counted. */
  store?: RateLimitStore;
  /** Resolves the country when the context has none and a geo policy applies. */
  geo?: GeoResolver;
  /** Treat a store that has not answered within this time as failed (fail mode decides). */
  storeTimeoutMs?: number;
  /** Also list policies that did not apply (disabled, other target, other direction). */
  includeUnmatched?: boolean;
}

export async function evaluate(
  policies: CompiledPolicySet | readonly (Policy | PolicyInput)[],
  ctx: CallContext,
  options: EvaluateOptions = {},
): Promise<Decision> {
  const set = policies instanceof CompiledPolicySet ? policies : compilePolicies(policies);
  const plan = set.plan({
    direction: ctx.direction,
    serverId: ctx.serverId,
    agentId: ctx.agentId,
    tool: ctx.tool,
  });
  const facts = new CallFacts(ctx, options.geo);
  const entries: Array<ExplanationEntry | undefined> = new Array(plan.items.length);
  let refusedBy: string | undefined;

  for (const i of plan.accessItems) {
    const { p } = plan.items[i] as Extract<PlanItem, { type: 'access' }>;
    const v = checkAccess(p, facts);
    entries[i] = base(p.policy, v.allowed ? 'allow' : 'deny', v.reason);
    if (!v.allowed && p.enforce) refusedBy ??= p.policy.name;
  }

  let redacted: unknown;
  let masked: unknown;
  if (plan.scan) {
    const content = checkContent(plan, ctx.payload, ctx.payloadBytes);
    for (const i of plan.scan.guardItems) {
      const v = content.verdicts[i]!;
      const { p } = plan.items[i] as Extract<PlanItem, { type: 'guard' }>;
      const e = base(p.policy, v.outcome, v.reason);
      if (v.findings.length > 0) e.findings = v.findings;
      entries[i] = e;
      if (v.outcome === 'deny' && p.enforce) refusedBy ??= p.policy.name;
    }
    redacted = content.redacted;
    masked = content.masked;
  }

  if (plan.limitItems.length > 0) {
    const limitItems = plan.limitItems.map((i) => ({
      item: i,
      p: (plan.items[i] as Extract<PlanItem, { type: 'limit' }>).p,
    }));
    if (refusedBy !== undefined) {
      for (const { item, p } of limitItems)
        entries[item] = base(p.policy, 'skipped', `not counted: refused by policy '${refusedBy}'`);
    } else {
      const verdicts = await countLimits(limitItems, facts, {
        store: options.store,
        timeoutMs: options.storeTimeoutMs,
      });
      for (const { item, p } of limitItems) {
        const v = verdicts.get(item)!;
        const e = base(p.policy, v.outcome, v.reason);
        if (v.limit) e.limit = v.limit;
        if (v.storeFailure) e.storeFailure = v.storeFailure;
        entries[item] = e;
      }
    }
  }

  const explanation: ExplanationEntry[] = [];
  for (let i = 0; i < plan.items.length; i++) {
    const item = plan.items[i]!;
    if (item.type === 'static') {
      if (!item.unmatched || options.includeUnmatched) explanation.push(item.entry);
    } else {
      explanation.push(entries[i]!);
    }
  }
  const decision = combine(explanation, redacted);
  if (masked !== undefined) decision.maskedPayload = masked;
  return decision;
}

function base(policy: Policy, outcome: ExplanationEntry['outcome'], reason: string): ExplanationEntry {
  return {
    policyId: policy.id,
    name: policy.name,
    kind: policy.kind,
    mode: policy.mode,
    matched: true,
    outcome,
    reason,
  };
}

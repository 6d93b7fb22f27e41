// compilePolicies: validate, pre-parse and index a tenant's policies once per change.
import { compileCustomPattern } from '../guardrails/custom-pattern';
import type { Policy, PolicyInput } from '../model/policy';
import { validatePolicy } from '../model/validate';
import { CidrSet } from '../net/cidr';
import { compileWindow } from '../time/window';
import type { CompiledPolicy, GuardRule } from './compiled';
import { buildPlan, type Plan, type PlanKey } from './plan';
import { specificity } from './target';

const MAX_CACHED_PLANS = 10_000;

export class PolicyCompileError extends Error {
  readonly code = 'POLICY_INVALID';
  constructor(
    message: string,
    readonly problems: Array<{ policyId: string | undefined; field: string; message: string }>,
  ) {
    super(message);
    this.name = 'PolicyCompileError';
  }
}

/**
 * A tenant's policies ready for evaluation. Which policies apply to a call and which of them
 * win depends only on (direction, server, agent, tool), so that resolution is cached per
 * combination; evaluation then only runs the checks.
 */
export class CompiledPolicySet {
  readonly policies: readonly CompiledPolicy[];
  readonly #plans = new Map<string, Plan>();

  constructor(policies: readonly CompiledPolicy[]) {
    this.policies = policies;
  }

  plan(key: PlanKey): Plan {
    const cacheKey = `${key.direction}\u0000${key.serverId}\u0000${key.agentId}\u0000${key.tool ?? '\u0001'}`;
    let plan = this.#plans.get(cacheKey);
    if (!plan) {
      plan = buildPlan(this.policies, key);
      if (this.#plans.size >= MAX_CACHED_PLANS) this.#plans.clear();
      this.#plans.set(cacheKey, plan);
    }
    return plan;
  }
}

/** Validates (applying defaults) and compiles; throws PolicyCompileError listing every problem. */
export function compilePolicies(policies: readonly (Policy | PolicyInput)[]): CompiledPolicySet {
  const problems: PolicyCompileError['problems'] = [];
  const valid: Policy[] = [];
  const ids = new Set<string>();
  for (const input of policies) {
    const r = validatePolicy(input);
    const id = typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : undefined;
    if (!r.ok) {
      for (const e of r.errors) problems.push({ policyId: id, field: e.field, message: e.message });
      continue;
    }
    if (ids.has(r.value.id))
      problems.push({ policyId: r.value.id, field: 'id', message: 'duplicate policy id' });
    ids.add(r.value.id);
    valid.push(r.value);
  }
  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.policyId ?? '?'} ${p.field}: ${p.message}`).join('; ');
    throw new PolicyCompileError(`invalid policies: ${summary}`, problems);
  }
  return new CompiledPolicySet(valid.map(compileOne));
}

function compileOne(policy: Policy, index: number): CompiledPolicy {
  const spec = specificity(policy.target);
  const base = {
    policy,
    index,
    specificity: spec,
    // priority is within +-1e6, so specificity always dominates.
    rank: spec * 4_000_000 + policy.priority,
    enforce: policy.mode === 'enforce',
  };
  switch (policy.kind) {
    case 'ip':
      return {
        ...base,
        ip: { allow: new CidrSet(policy.config.allow), deny: new CidrSet(policy.config.deny) },
      };
    case 'geo': {
      const c = policy.config;
      return {
        ...base,
        geo: {
          ...(c.allowCountries && c.allowCountries.length > 0 ? { allow: new Set(c.allowCountries) } : {}),
          ...(c.denyCountries && c.denyCountries.length > 0 ? { deny: new Set(c.denyCountries) } : {}),
          unknown: c.unknownCountry,
        },
      };
    }
    case 'time_window':
      return { ...base, window: compileWindow(policy.config) };
    case 'rate_limit':
      return {
        ...base,
        rateLimit: policy.config,
        failMode: policy.failMode ?? (policy.config.strict ? 'closed' : 'open'),
        limitLabel: `${policy.config.limit} per ${policy.config.windowSec} s, burst ${policy.config.burst}`,
      };
    case 'quota':
      return {
        ...base,
        quota: policy.config,
        failMode: policy.failMode ?? 'open',
        limitLabel: `${policy.config.limit} per ${policy.config.period}`,
      };
    case 'guardrail': {
      const c = policy.config;
      const rules: GuardRule[] = c.detectors.map((d) => ({
        slot: `detector:${d.type}`,
        action: d.action,
        detector: d.type,
      }));
      for (const p of c.customPatterns) {
        const compiled = compileCustomPattern(p.pattern);
        if (!compiled.ok) throw new Error(`policy ${policy.id}: pattern '${p.name}': ${compiled.message}`);
        rules.push({
          slot: `pattern:${p.name}`,
          action: p.action,
          pattern: { name: p.name, source: p.pattern, re: compiled.re },
        });
      }
      if (c.maxBytes !== undefined) rules.push({ slot: 'max_bytes', action: 'block', maxBytes: c.maxBytes });
      return { ...base, guard: { direction: c.direction, rules } };
    }
  }
}

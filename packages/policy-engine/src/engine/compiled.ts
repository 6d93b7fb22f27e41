// Policies pre-processed for evaluation: CIDRs parsed, patterns compiled, windows in minutes,
// so that evaluating a call parses nothing.
import type { RE2JS } from 're2js';
import type { FailMode } from '../model/common';
import type { DetectorType, GuardrailAction } from '../model/guardrail';
import type { QuotaConfig, RateLimitConfig } from '../model/limits';
import type { Policy } from '../model/policy';
import type { CidrSet } from '../net/cidr';
import type { CompiledWindow } from '../time/window';

export interface GuardRule {
  /** Competition slot: 'detector:email', 'pattern:<name>', 'max_bytes'. */
  slot: string;
  action: GuardrailAction;
  detector?: DetectorType;
  pattern?: { name: string; source: string; re: RE2JS };
  maxBytes?: number;
}

export interface CompiledPolicy {
  readonly policy: Policy;
  /** Position in the input: explanations keep this order. */
  readonly index: number;
  readonly specificity: number;
  /** Specificity first, then priority, as one comparable number. */
  readonly rank: number;
  readonly enforce: boolean;
  readonly ip?: { allow: CidrSet; deny: CidrSet };
  readonly geo?: { allow?: ReadonlySet<string>; deny?: ReadonlySet<string>; unknown: 'allow' | 'deny' };
  readonly window?: CompiledWindow;
  readonly rateLimit?: RateLimitConfig;
  readonly quota?: QuotaConfig;
  readonly failMode?: FailMode;
  /** Rate limits and quotas: how the limit reads in explanations, e.g. '100 per 60 s, burst 20'. */
  readonly limitLabel?: string;
  readonly guard?: { direction: 'request' | 'response' | 'both'; rules: GuardRule[] };
}

/** Competition slot of a non-guardrail policy; guardrails compete per rule. */
export function slotOf(p: CompiledPolicy): string {
  const { policy } = p;
  switch (policy.kind) {
    case 'rate_limit':
      return `rate_limit:${policy.config.per}`;
    case 'quota':
      return `quota:${policy.config.per}:${policy.config.period}`;
    default:
      return policy.kind;
  }
}

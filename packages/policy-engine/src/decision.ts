// What evaluation returns: a decision, the hints to answer with, and why.
import type { FailMode, PolicyMode } from './model/common';
import type { PolicyKind } from './model/policy';
import type { Finding } from './guardrails/types';

export type EntryOutcome = 'allow' | 'deny' | 'redact' | 'flag' | 'skipped';

/** Counter state of a rate limit or quota after this call. */
export interface LimitState {
  limit: number;
  windowSec: number;
  remaining: number;
  resetSec: number;
  retryAfterSec: number;
}

export interface ExplanationEntry {
  policyId: string;
  name: string;
  kind: PolicyKind;
  mode: PolicyMode;
  /** The policy's target covers this call (and it is enabled and applies in this direction). */
  matched: boolean;
  /** For monitor-mode policies: what the policy would have done; it never blocks. */
  outcome: EntryOutcome;
  reason: string;
  findings?: Finding[];
  limit?: LimitState;
  /** Set when the counter store failed and the policy's fail mode decided. */
  storeFailure?: { failMode: FailMode; error: string };
}

/**
 * How to answer a refusal: 403 for IP/geo/time, 429 for limits (with Retry-After and
 * RateLimit headers), 503 when a strict limit could not be counted, 'guardrail' for content
 * (a JSON-RPC error naming the guardrail).
 */
export type StatusHint = 403 | 429 | 503 | 'guardrail';

export interface Decision {
  outcome: 'allow' | 'deny';
  status?: StatusHint;
  retryAfterSec?: number;
  /** RateLimit-Policy, RateLimit (draft-ietf-httpapi-ratelimit-headers) and Retry-After values. */
  headers: Record<string, string>;
  /** The payload with enforced redactions applied, when any were. Forward this, not the original. */
  redactedPayload?: unknown;
  /**
   * Set when a guardrail found anything (block, redact or flag, enforced or monitored): the
   * payload with every finding masked. Record this, never the original.
   */
  maskedPayload?: unknown;
  /** Ids of the enforced policies that refused the call. */
  deniedBy: string[];
  explanation: ExplanationEntry[];
}

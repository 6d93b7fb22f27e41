// The final decision: any enforced deny refuses the call; monitor-mode entries never do.
import type { Decision, ExplanationEntry, StatusHint } from '../decision';
import { rateLimitHeaders, type HeaderItem } from '../ratelimit/headers';

const ACCESS_KINDS = new Set(['ip', 'geo', 'time_window']);

export function combine(explanation: ExplanationEntry[], redacted: unknown): Decision {
  const denials = explanation.filter((e) => e.mode === 'enforce' && e.outcome === 'deny');
  const headerItems: HeaderItem[] = [];
  let retryAfterSec: number | undefined;
  for (const e of explanation) {
    if (e.mode !== 'enforce' || !e.limit) continue;
    headerItems.push({ name: e.policyId, quota: e.limit.limit, windowSec: e.limit.windowSec, remaining: e.limit.remaining, resetSec: e.limit.resetSec });
    if (e.outcome === 'deny') retryAfterSec = Math.max(retryAfterSec ?? 0, e.limit.retryAfterSec);
  }

  if (denials.length === 0) {
    const decision: Decision = { outcome: 'allow', headers: rateLimitHeaders(headerItems), deniedBy: [], explanation };
    if (redacted !== undefined) decision.redactedPayload = redacted;
    return decision;
  }

  const status = statusOf(denials);
  const decision: Decision = {
    outcome: 'deny',
    status,
    headers: rateLimitHeaders(headerItems, status === 429 ? retryAfterSec : undefined),
    deniedBy: denials.map((e) => e.policyId),
    explanation,
  };
  if (status === 429 && retryAfterSec !== undefined) decision.retryAfterSec = Math.max(1, Math.ceil(retryAfterSec));
  return decision;
}

function statusOf(denials: readonly ExplanationEntry[]): StatusHint {
  if (denials.some((e) => ACCESS_KINDS.has(e.kind))) return 403;
  if (denials.some((e) => e.kind === 'guardrail')) return 'guardrail';
  if (denials.some((e) => e.storeFailure)) return 503;
  return 429;
}

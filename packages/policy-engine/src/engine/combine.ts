// The final decision: any enforced deny refuses the call; monitor-mode entries never do.
import type { Decision, ExplanationEntry, StatusHint } from '../decision';
import { rateLimitHeaders, type HeaderItem } from '../ratelimit/headers';

const ACCESS_KINDS = new Set(['ip', 'geo', 'time_window']);

export function combine(explanation: ExplanationEntry[], redacted: unknown): Decision {
  const denials: ExplanationEntry[] = [];
  const refusingLimits: ExplanationEntry[] = [];
  let closest: ExplanationEntry | undefined; // the counted limit nearest to running out
  let retryAfterSec: number | undefined;
  for (const e of explanation) {
    if (e.mode !== 'enforce') continue;
    if (e.outcome === 'deny') denials.push(e);
    if (!e.limit) continue;
    if (e.outcome === 'deny') {
      refusingLimits.push(e);
      retryAfterSec = Math.max(retryAfterSec ?? 0, e.limit.retryAfterSec);
    } else if (
      !closest ||
      e.limit.remaining / e.limit.limit < closest.limit!.remaining / closest.limit!.limit
    ) {
      closest = e;
    }
  }
  // Advertise the limits that refused, or else the one closest to refusing: that is what a
  // client needs to pace itself, without listing every counter on every response.
  const headerItems = (refusingLimits.length > 0 ? refusingLimits : closest ? [closest] : []).map(headerItem);

  if (denials.length === 0) {
    const decision: Decision = {
      outcome: 'allow',
      headers: rateLimitHeaders(headerItems),
      deniedBy: [],
      explanation,
    };
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
  if (status === 429 && retryAfterSec !== undefined)
    decision.retryAfterSec = Math.max(1, Math.ceil(retryAfterSec));
  return decision;
}

function headerItem(e: ExplanationEntry): HeaderItem {
  const l = e.limit!;
  return {
    name: e.policyId,
    quota: l.limit,
    windowSec: l.windowSec,
    remaining: l.remaining,
    resetSec: l.resetSec,
  };
}

function statusOf(denials: readonly ExplanationEntry[]): StatusHint {
  if (denials.some((e) => ACCESS_KINDS.has(e.kind))) return 403;
  if (denials.some((e) => e.kind === 'guardrail')) return 'guardrail';
  if (denials.some((e) => e.storeFailure)) return 503;
  return 429;
}

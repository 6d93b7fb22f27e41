// GCRA (generic cell rate algorithm): one timestamp per key, the theoretical arrival time
// (TAT) of the next request. Equivalent to a token bucket of `burst` refilled at
// limit/windowSec, without a background refill. The Lua script in redis-script.ts mirrors
// this function line for line.
import type { RateLimitParams, RateLimitResult } from './store';

export interface GcraOutcome extends RateLimitResult {
  /** The TAT to store when the request is admitted. */
  newTatMs: number;
}

// Float slack so that n * (window / n) still fits the window after repeated addition.
const EPSILON_MS = 1e-6;

export function gcra(storedTatMs: number | undefined, nowMs: number, p: RateLimitParams): GcraOutcome {
  const interval = (p.windowSec * 1000) / p.limit;
  const capacity = p.burst * interval;
  const tat = Math.max(storedTatMs ?? nowMs, nowMs);
  const newTat = tat + p.cost * interval;
  const ahead = newTat - nowMs;
  if (ahead <= capacity + EPSILON_MS) {
    return {
      allowed: true,
      remaining: Math.max(0, Math.floor((capacity - ahead) / interval + EPSILON_MS)),
      resetSec: ahead / 1000,
      retryAfterSec: 0,
      newTatMs: newTat,
    };
  }
  return {
    allowed: false,
    remaining: Math.max(0, Math.floor((capacity - (tat - nowMs)) / interval + EPSILON_MS)),
    resetSec: (tat - nowMs) / 1000,
    retryAfterSec: (ahead - capacity) / 1000,
    newTatMs: tat,
  };
}

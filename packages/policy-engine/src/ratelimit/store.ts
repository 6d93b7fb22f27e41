// The counting interface. Everything else in the engine is a pure decision; counting needs
// shared state (Redis in production, memory in tests and the embedded default).

export interface RateLimitParams {
  /** Requests per window at the sustained rate. */
  limit: number;
  windowSec: number;
  /** Requests that may arrive at once (bucket size). */
  burst: number;
  /** Units this request consumes (1 per call; 0 peeks without consuming). */
  cost: number;
  /** Upper bound on how long the store keeps the key (quotas keyed by period use it). */
  ttlSec?: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Requests still allowed right now (after this one, when it was allowed). */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSec: number;
  /** Seconds until a refused request would be allowed; 0 when allowed. */
  retryAfterSec: number;
}

export interface RateLimitHit {
  key: string;
  params: RateLimitParams;
  /** A refusal by a blocking hit refuses the whole batch (monitor-mode limits do not block). */
  blocking: boolean;
}

export interface RateLimitStore {
  hit(key: string, params: RateLimitParams): Promise<RateLimitResult>;
  /**
   * Several limits in one round trip, all or nothing: counters move only when every blocking
   * hit is allowed, so a call refused by one limit does not use up another. Results are in
   * input order; a blocking hit's `allowed` is false when the batch was refused.
   */
  hitAll?(hits: readonly RateLimitHit[]): Promise<RateLimitResult[]>;
}

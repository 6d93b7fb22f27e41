// Retries of transient failures: network errors, 408, 429 and 5xx, with exponential backoff and
// full jitter, honouring Retry-After. A 400 or 401 is an answer, never retried.
import { AgentAuthError } from './errors.js';
import type { FetchLike } from '../shared/as-metadata.js';

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Backoff before retry n is random in [0, min(maxDelayMs, baseDelayMs * 2^n)). Default 200 ms. */
  baseDelayMs?: number;
  /** Default 5,000 ms. */
  maxDelayMs?: number;
  /** A Retry-After longer than this ends the attempts (error `unavailable`). Default 30,000 ms. */
  maxRetryAfterMs?: number;
}

/** The clock and randomness of the retry loop, replaceable in tests. */
export interface RetryEnvironment {
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const systemRetryEnvironment: RetryEnvironment = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 section 10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isNetworkError(error: unknown): boolean {
  // fetch rejects with a TypeError for DNS, connection and socket failures; an abort is the caller's.
  return error instanceof TypeError;
}

/**
 * Sends the request made by `makeInit` (a fresh init per attempt, so bodies can be re-sent) and
 * returns the first answer that is not transient. Transient answers past the last retry come
 * back as they are for the caller to report; a network error past the last retry throws.
 */
export async function fetchWithRetry(
  fetchFn: FetchLike,
  url: string | URL,
  makeInit: () => RequestInit | Promise<RequestInit>,
  options: RetryOptions = {},
  env: RetryEnvironment = systemRetryEnvironment,
): Promise<Response> {
  const retries = options.retries ?? 3;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 5_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 30_000;
  for (let attempt = 0; ; attempt++) {
    const init = await makeInit();
    let response: Response;
    try {
      response = await fetchFn(url, init);
    } catch (error) {
      if (!isNetworkError(error) || attempt >= retries) throw error;
      await env.sleep(env.random() * Math.min(cap, base * 2 ** attempt));
      continue;
    }
    if (!RETRYABLE_STATUS.has(response.status) || attempt >= retries) return response;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
      await response.body?.cancel();
      throw new AgentAuthError(
        'unavailable',
        `${String(url)} asked to retry after ${Math.ceil(retryAfter / 1000)} s (HTTP ${response.status})`,
        {
          status: response.status,
          retryAfterMs: retryAfter,
        },
      );
    }
    await response.body?.cancel();
    await env.sleep(retryAfter ?? env.random() * Math.min(cap, base * 2 ** attempt));
  }
}

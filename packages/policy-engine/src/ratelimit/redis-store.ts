// RateLimitStore on Redis: the GCRA Lua script by EVALSHA, loaded with EVAL on first use.
// Takes any client with ioredis' eval/evalsha shape, so this package needs no Redis driver.
import { createHash } from 'node:crypto';
import { GCRA_LUA } from './redis-script';
import type { RateLimitHit, RateLimitParams, RateLimitResult, RateLimitStore } from './store';

/** The two ioredis methods the store uses (node-redis users can adapt in a few lines). */
export interface RedisScriptClient {
  evalsha(sha1: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
}

export interface RedisRateLimitStoreOptions {
  /** Prepended to every key, e.g. `pc:rl:`. */
  keyPrefix?: string;
}

export const GCRA_LUA_SHA1 = createHash('sha1').update(GCRA_LUA).digest('hex');

export class RedisRateLimitStore implements RateLimitStore {
  readonly #client: RedisScriptClient;
  readonly #prefix: string;

  constructor(client: RedisScriptClient, options: RedisRateLimitStoreOptions = {}) {
    this.#client = client;
    this.#prefix = options.keyPrefix ?? '';
  }

  async hit(key: string, params: RateLimitParams): Promise<RateLimitResult> {
    const [result] = await this.hitAll([{ key, params, blocking: true }]);
    return result!;
  }

  async hitAll(hits: readonly RateLimitHit[]): Promise<RateLimitResult[]> {
    if (hits.length === 0) return [];
    const args: (string | number)[] = hits.map((h) => this.#prefix + h.key);
    for (const h of hits) args.push(...scriptArgs(h));
    const reply = await this.#run(hits.length, args);
    return parseReply(reply, hits.length);
  }

  async #run(numKeys: number, args: (string | number)[]): Promise<unknown> {
    try {
      return await this.#client.evalsha(GCRA_LUA_SHA1, numKeys, ...args);
    } catch (err) {
      // After a restart or SCRIPT FLUSH the script cache is empty; EVAL loads it again.
      if (err instanceof Error && err.message.includes('NOSCRIPT')) {
        return this.#client.eval(GCRA_LUA, numKeys, ...args);
      }
      throw err;
    }
  }
}

/** ARGV for one key; exported for tests. Numbers go as strings with full precision. */
export function scriptArgs(h: RateLimitHit): string[] {
  const interval = (h.params.windowSec * 1000) / h.params.limit;
  const ttlCap = h.params.ttlSec === undefined ? 0 : Math.ceil(h.params.ttlSec * 1000);
  return [
    String(interval),
    String(h.params.burst * interval),
    String(h.params.cost),
    h.blocking ? '1' : '0',
    String(ttlCap),
  ];
}

export function parseReply(reply: unknown, n: number): RateLimitResult[] {
  if (!Array.isArray(reply) || reply.length !== 1 + 4 * n) {
    throw new Error('unexpected reply from the rate-limit script');
  }
  const num = (i: number) => Number(reply[i]);
  const out: RateLimitResult[] = [];
  for (let i = 0; i < n; i++) {
    const b = 1 + 4 * i;
    out.push({
      allowed: num(b) === 1,
      remaining: num(b + 1),
      resetSec: num(b + 2) / 1000,
      retryAfterSec: num(b + 3) / 1000,
    });
  }
  return out;
}

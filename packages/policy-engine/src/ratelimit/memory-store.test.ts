import { describe, expect, it } from 'vitest';
import { gcra } from './gcra';
import { MemoryRateLimitStore } from './memory-store';
import {
  parseReply,
  RedisRateLimitStore,
  scriptArgs,
  GCRA_LUA_SHA1,
  type RedisScriptClient,
} from './redis-store';
import type { RateLimitParams } from './store';

const p = (limit: number, windowSec: number, burst: number, cost = 1): RateLimitParams => ({
  limit,
  windowSec,
  burst,
  cost,
});

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('gcra', () => {
  it('admits a full burst at once, then refuses with the time until one more fits', () => {
    const params = p(60, 60, 3); // one per second, three at once
    let tat: number | undefined;
    const now = 0;
    for (const expectedRemaining of [2, 1, 0]) {
      const r = gcra(tat, now, params);
      expect(r).toMatchObject({ allowed: true, remaining: expectedRemaining, retryAfterSec: 0 });
      tat = r.newTatMs;
    }
    const refused = gcra(tat, now, params);
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfterSec).toBeCloseTo(1, 9);
    expect(refused.resetSec).toBeCloseTo(3, 9);
  });

  it('refills at the sustained rate', () => {
    const params = p(10, 10, 1);
    const first = gcra(undefined, 0, params);
    expect(gcra(first.newTatMs, 999, params).allowed).toBe(false);
    expect(gcra(first.newTatMs, 1000, params).allowed).toBe(true);
  });

  it('does not let idle time accumulate beyond the burst', () => {
    const params = p(1, 1, 2);
    const r = gcra(0, 1_000_000, params);
    expect(r.remaining).toBe(1);
  });

  it('copes with intervals that are not exact in floating point', () => {
    const params = p(7, 60, 7);
    let tat: number | undefined;
    for (let i = 0; i < 7; i++) {
      const r = gcra(tat, 0, params);
      expect(r.allowed).toBe(true);
      tat = r.newTatMs;
    }
    expect(gcra(tat, 0, params).allowed).toBe(false);
  });

  it('peeks without consuming when cost is 0', () => {
    const r = gcra(undefined, 0, p(5, 5, 5, 0));
    expect(r).toMatchObject({ allowed: true, remaining: 5, newTatMs: 0 });
  });
});

describe('MemoryRateLimitStore', () => {
  it('counts per key, recovers after the window, and reports retry-after', async () => {
    const c = clock();
    const store = new MemoryRateLimitStore({ now: c.now });
    const params = p(2, 10, 2);
    expect((await store.hit('a', params)).allowed).toBe(true);
    expect((await store.hit('a', params)).allowed).toBe(true);
    const third = await store.hit('a', params);
    expect(third.allowed).toBe(false);
    expect(third.retryAfterSec).toBeCloseTo(5, 6);
    expect((await store.hit('b', params)).allowed).toBe(true);
    c.advance(5000);
    expect((await store.hit('a', params)).allowed).toBe(true);
    expect((await store.hit('a', params)).allowed).toBe(false);
    c.advance(10_000);
    expect(await store.hit('a', params)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('is all or nothing in a batch: a refused blocking limit consumes nothing elsewhere', async () => {
    const c = clock();
    const store = new MemoryRateLimitStore({ now: c.now });
    const tight = p(1, 60, 1);
    const loose = p(100, 60, 100);
    await store.hit('tight', tight);
    const [a, b, m] = await store.hitAll([
      { key: 'tight', params: tight, blocking: true },
      { key: 'loose', params: loose, blocking: true },
      { key: 'shadow', params: loose, blocking: false },
    ]);
    expect(a!.allowed).toBe(false);
    expect(b).toMatchObject({ allowed: false, remaining: 100 });
    expect(m).toMatchObject({ allowed: true, remaining: 100 });
    const [again] = await store.hitAll([{ key: 'loose', params: loose, blocking: true }]);
    expect(again!.remaining).toBe(99);
  });

  it('lets a refused monitor-mode limit not block the batch', async () => {
    const store = new MemoryRateLimitStore({ now: clock().now });
    const zero = p(1, 60, 1);
    await store.hit('m', zero);
    const [enforced, monitored] = await store.hitAll([
      { key: 'e', params: zero, blocking: true },
      { key: 'm', params: zero, blocking: false },
    ]);
    expect(enforced!.allowed).toBe(true);
    expect(monitored!.allowed).toBe(false);
  });

  it('expires keys after they are full again, and caps lifetime by ttlSec', async () => {
    const c = clock();
    const store = new MemoryRateLimitStore({ now: c.now });
    await store.hit('k', p(1, 1, 1));
    await store.hit('q', { ...p(1, 86_400, 1000), ttlSec: 60 });
    expect(store.size).toBe(2);
    c.advance(1001);
    store.sweep();
    expect(store.size).toBe(1);
    c.advance(60_000);
    expect((await store.hit('q', { ...p(1, 86_400, 1000), ttlSec: 60 })).remaining).toBe(999);
  });
});

describe('RedisRateLimitStore (client contract; the script itself runs in integration tests)', () => {
  it('sends keys then five arguments per key and parses the reply', async () => {
    const calls: unknown[][] = [];
    const client: RedisScriptClient = {
      evalsha: async (...args) => {
        calls.push(args);
        return [1, 1, 4, 1500, 0, 0, 0, 3000, 2500];
      },
      eval: async () => {
        throw new Error('not expected');
      },
    };
    const store = new RedisRateLimitStore(client, { keyPrefix: 'pc:' });
    const results = await store.hitAll([
      { key: 'a', params: p(10, 5, 5), blocking: true },
      { key: 'b', params: { ...p(1, 60, 2), ttlSec: 30 }, blocking: false },
    ]);
    expect(calls[0]).toEqual([
      GCRA_LUA_SHA1,
      2,
      'pc:a',
      'pc:b',
      '500',
      '2500',
      '1',
      '1',
      '0',
      '60000',
      '120000',
      '1',
      '0',
      '30000',
    ]);
    expect(results).toEqual([
      { allowed: true, remaining: 4, resetSec: 1.5, retryAfterSec: 0 },
      { allowed: false, remaining: 0, resetSec: 3, retryAfterSec: 2.5 },
    ]);
  });

  it('falls back to EVAL when the script is not cached, and surfaces other errors', async () => {
    let evals = 0;
    const client: RedisScriptClient = {
      evalsha: async () => {
        throw new Error('NOSCRIPT No matching script. Please use EVAL.');
      },
      eval: async () => {
        evals++;
        return [1, 1, 0, 1000, 0];
      },
    };
    expect(await new RedisRateLimitStore(client).hit('k', p(1, 1, 1))).toMatchObject({ allowed: true });
    expect(evals).toBe(1);
    const broken: RedisScriptClient = {
      evalsha: async () => {
        throw new Error('ECONNREFUSED');
      },
      eval: async () => [],
    };
    await expect(new RedisRateLimitStore(broken).hit('k', p(1, 1, 1))).rejects.toThrow('ECONNREFUSED');
  });

  it('rejects a malformed reply', () => {
    expect(() => parseReply([1, 1], 1)).toThrow(/unexpected reply/);
    expect(scriptArgs({ key: 'x', params: p(3, 1, 3), blocking: true })[0]).toBe(String(1000 / 3));
  });
});

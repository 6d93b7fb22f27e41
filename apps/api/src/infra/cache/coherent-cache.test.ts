import { describe, expect, it } from 'vitest';
import { CoherentCache, type CoherentCacheOptions } from './coherent-cache';
import { GenerationState } from './generation-state';

interface Row {
  tenantId: string;
  n: number;
}

function setup(opts: Partial<CoherentCacheOptions<string, Row | null>> = {}) {
  let now = 1000;
  const state = new GenerationState(1000);
  state.applyPoll({ epoch: 'e', seq: 1, changed: [] }, now);
  const loads: string[] = [];
  let next: (key: string) => Promise<Row | null> = async (key) => ({
    tenantId: key.split(':')[0]!,
    n: loads.length - 1,
  });
  const events = { hit: () => undefined, load: () => undefined, loadFailed: () => undefined };
  const cache = new CoherentCache<string, Row | null>(
    state,
    {
      name: 't',
      load: (key) => (loads.push(key), next(key)),
      tenantOfValue: (r) => r.tenantId,
      ttlMs: 60_000,
      max: 100,
      ...opts,
    },
    events,
    () => now,
  );
  return {
    cache,
    state,
    loads,
    tick: (ms: number) => {
      now += ms;
      state.applyPoll({ epoch: 'e', seq: state.sequence, changed: [] }, now);
    },
    setLoader: (f: typeof next) => (next = f),
  };
}

describe('CoherentCache', () => {
  it('shares one load between concurrent callers and serves it from memory after', async () => {
    const { cache, loads } = setup();
    const [a, b] = await Promise.all([cache.get('t1:x'), cache.get('t1:x')]);
    expect(a).toBe(b);
    expect(await cache.get('t1:x')).toBe(a);
    expect(loads).toEqual(['t1:x']);
  });

  it("reloads once the value's tenant changed, not for another tenant's change", async () => {
    const { cache, state, loads } = setup();
    await cache.get('t1:x');
    await cache.get('t2:y');
    state.applyChange('e', 't1', 2);
    await cache.get('t1:x');
    await cache.get('t2:y');
    expect(loads).toEqual(['t1:x', 't2:y', 't1:x']);
  });

  it('never keeps a failed load', async () => {
    const { cache, loads, setLoader } = setup();
    setLoader(async () => {
      throw new Error('database blip');
    });
    await expect(cache.get('t1:x')).rejects.toThrow('database blip');
    setLoader(async (key) => ({ tenantId: 't1', n: key.length }));
    expect(await cache.get('t1:x')).toEqual({ tenantId: 't1', n: 4 });
    expect(loads).toEqual(['t1:x', 't1:x']);
  });

  it('keeps an absent value for its shorter TTL, and drops it at any change', async () => {
    const { cache, state, loads, setLoader, tick } = setup({ missingTtlMs: 5000 });
    setLoader(async () => null);
    await cache.get('nobody');
    await cache.get('nobody');
    expect(loads).toHaveLength(1);
    tick(5000);
    await cache.get('nobody');
    expect(loads).toHaveLength(2);
    state.applyChange('e', 'any-tenant', 2);
    await cache.get('nobody');
    expect(loads).toHaveLength(3);
  });

  it("ends an entry at the value's own expiry or the TTL, whichever is first", async () => {
    const { cache, loads, tick } = setup({ expiresAt: (r) => (r.n === 0 ? 3000 : null) });
    await cache.get('t1:x'); // n = 0: expires at 3000
    tick(1999);
    await cache.get('t1:x');
    expect(loads).toHaveLength(1);
    tick(1);
    await cache.get('t1:x'); // n = 1: no own expiry, TTL of 60 s
    tick(59_999);
    await cache.get('t1:x');
    expect(loads).toHaveLength(2);
    tick(1);
    await cache.get('t1:x');
    expect(loads).toHaveLength(3);
  });

  it('hands the stale value to the next load', async () => {
    const { state } = setup();
    let seen: Row | null | undefined;
    const c2 = new CoherentCache<string, Row | null>(
      state,
      {
        name: 't',
        ttlMs: 60_000,
        max: 10,
        tenantOfValue: (r) => r.tenantId,
        load: async (_k, previous) => ((seen = await previous), { tenantId: 't1', n: 9 }),
      },
      { hit: () => undefined, load: () => undefined, loadFailed: () => undefined },
    );
    await c2.get('k');
    state.applyChange('e', 't1', 2);
    await c2.get('k');
    expect(seen).toEqual({ tenantId: 't1', n: 9 });
  });
});

// The one cache for everything the hot path reads. An entry is served only while the cluster's
// generation of its tenant says it is current (GenerationState), and never past its TTL. Loads
// in flight are shared; a failed load is never kept: its callers see the error and the next
// call loads again.
import { LRUCache } from 'lru-cache';
import type { GenerationState, Stamp } from './generation-state';

export interface CoherentCacheOptions<K, V> {
  /** For metrics and logs. */
  name: string;
  /** `previous`: the stale entry's value, if any, for loads that can reuse part of it. */
  load(key: K, previous?: Promise<V>): Promise<V>;
  /** Cache key; the key itself when omitted (it must then be a string). */
  keyOf?(key: K): string;
  /** Whose changes make the entry stale, when the key tells; otherwise from the value. */
  tenantOfKey?(key: K): string;
  /** Whose changes make the entry stale, read from a loaded value; absent values belong to no tenant. */
  tenantOfValue?(value: NonNullable<V>): string;
  /** Longest life of an entry, whatever the generations say. */
  ttlMs: number;
  /** Life of an absent value (null or undefined): junk lookups should not pin memory. */
  missingTtlMs?: number;
  /** A value's own end of life (a token's exp, a key's expiry), when earlier than the TTL. */
  expiresAt?(value: NonNullable<V>): number | null;
  max: number;
}

interface Entry<V> {
  value: Promise<V>;
  stamp: Stamp;
  /** Known from the key at once, or from the value once loaded; null: no tenant (any change). */
  tenantId: string | null;
  expiresAt: number;
}

export interface CacheEvents {
  hit(name: string): void;
  load(name: string): void;
  loadFailed(name: string): void;
}

export class CoherentCache<K, V> {
  private readonly entries: LRUCache<string, Entry<V>>;

  constructor(
    private readonly state: GenerationState,
    private readonly opts: CoherentCacheOptions<K, V>,
    private readonly events: CacheEvents,
    private readonly clock: () => number = Date.now,
  ) {
    this.entries = new LRUCache({ max: opts.max });
  }

  get(key: K): Promise<V> {
    const id = this.opts.keyOf ? this.opts.keyOf(key) : (key as unknown as string);
    const now = this.clock();
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > now && this.state.isCurrent(hit.stamp, hit.tenantId, now)) {
      this.events.hit(this.opts.name);
      return hit.value;
    }
    return this.load(id, key, now, hit?.value);
  }

  /** Drops one entry now (this node only; other nodes learn of changes through a bump). */
  delete(key: K): void {
    this.entries.delete(this.opts.keyOf ? this.opts.keyOf(key) : (key as unknown as string));
  }

  get size(): number {
    return this.entries.size;
  }

  private load(id: string, key: K, now: number, previous?: Promise<V>): Promise<V> {
    this.events.load(this.opts.name);
    const entry: Entry<V> = {
      value: this.opts.load(key, previous),
      stamp: this.state.stamp(now),
      tenantId: this.opts.tenantOfKey ? this.opts.tenantOfKey(key) : null,
      expiresAt: now + this.opts.ttlMs,
    };
    this.entries.set(id, entry);
    entry.value.then(
      (v) => {
        if (v === null || v === undefined) {
          entry.expiresAt = Math.min(entry.expiresAt, now + (this.opts.missingTtlMs ?? this.opts.ttlMs));
          return;
        }
        if (!this.opts.tenantOfKey && this.opts.tenantOfValue) entry.tenantId = this.opts.tenantOfValue(v);
        const own = this.opts.expiresAt?.(v);
        if (own !== null && own !== undefined) entry.expiresAt = Math.min(entry.expiresAt, own);
      },
      () => {
        this.events.loadFailed(this.opts.name);
        if (this.entries.peek(id) === entry) this.entries.delete(id);
      },
    );
    return entry.value;
  }
}

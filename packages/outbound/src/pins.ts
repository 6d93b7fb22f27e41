// Resolve once, check every address, connect only there. A target (an origin) is resolved and
// checked, then served by a connection pool whose DNS lookup answers with the checked addresses
// and nothing else: a name that rebinds to loopback or metadata after the check is never
// reached, because no socket asks DNS again. The pin is renewed (resolved and checked again)
// after `ttlMs`; a pool whose addresses changed is replaced, the old one finishing its requests.
import type { LookupFunction } from 'node:net';
import { Pool } from 'undici';
import {
  UpstreamUrlError,
  checkUpstreamUrl,
  type CheckedUpstreamUrl,
  type HostResolver,
  type ResolvedAddress,
} from '@portcullis/auth-core';
import { OutboundAbortedError, OutboundError, TargetRefusedError } from './errors';

export interface PinPolicy {
  allowLoopback: boolean;
  allowPrivate: boolean;
  resolver?: HostResolver;
}

export interface PoolSettings {
  connections: number;
  keepAliveTimeoutMs: number;
  connectTimeoutMs: number;
  /** Replaces the trusted root certificates (tests; a deployment adds its CAs with NODE_EXTRA_CA_CERTS). */
  ca?: string | string[];
}

export interface Pin {
  checked: CheckedUpstreamUrl;
  pool: Pool;
  /** The checked addresses, for log detail. */
  addresses: string;
}

interface Entry {
  pin: Promise<Pin>;
  expiresAt: number;
}

const MAX_ORIGINS = 1000;

/** A DNS lookup that only ever answers with the addresses that were checked. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return ((
    _hostname: string,
    options: { family?: number | string; all?: boolean } | number,
    callback: (...args: unknown[]) => void,
  ) => {
    const family =
      typeof options === 'number' ? options : Number(String(options?.family ?? 0).replace(/^IPv/, ''));
    const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (usable.length === 0)
      return callback(Object.assign(new Error('no pinned address of this family'), { code: 'ENOTFOUND' }));
    if (typeof options === 'object' && options?.all)
      return callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    return callback(null, usable[0]!.address, usable[0]!.family);
  }) as LookupFunction;
}

/** The promise, or the caller's abort reason as soon as its signal fires. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof OutboundError
    ? signal.reason
    : new OutboundAbortedError('aborted', 'the request was cancelled');

export class PinnedTargets {
  private readonly entries = new Map<string, Entry>();
  private readonly pools = new Set<Pool>();
  private closed = false;

  constructor(
    private readonly policy: PinPolicy,
    private readonly settings: PoolSettings,
    private readonly ttlMs: number,
  ) {}

  /** Resolves and checks a URL, without pinning it: for validating input. */
  check(url: string, signal?: AbortSignal): Promise<CheckedUpstreamUrl> {
    const checking = checkUpstreamUrl(url, this.policy).catch((e: unknown) => {
      if (!(e instanceof UpstreamUrlError)) throw e;
      throw new TargetRefusedError(e.code, e.message, { address: e.address });
    });
    return untilAborted(checking, signal);
  }

  /** The pool for this origin, connecting only to checked addresses (`href`: a URL of it, to resolve). */
  async pin(origin: string, href: string, signal?: AbortSignal): Promise<Pin> {
    if (this.closed) throw new OutboundAbortedError('aborted', 'the platform is shutting down');
    const now = Date.now();
    const current = this.entries.get(origin);
    if (current && current.expiresAt > now) return untilAborted(current.pin, signal);
    const entry: Entry = { pin: this.renew(href, current?.pin), expiresAt: now + this.ttlMs };
    this.entries.set(origin, entry);
    // Failures are not kept: the next request resolves again.
    entry.pin.catch(() => this.entries.get(origin) === entry && this.entries.delete(origin));
    this.evictOverflow(now);
    return untilAborted(entry.pin, signal);
  }

  private async renew(href: string, previous: Promise<Pin> | undefined): Promise<Pin> {
    const old = await previous?.catch(() => undefined);
    let checked: CheckedUpstreamUrl;
    try {
      checked = await this.check(href);
    } catch (e) {
      if (old) this.retire(old.pool); // the name no longer passes: nothing new goes to the old addresses
      throw e;
    }
    const addresses = checked.addresses
      .map((a) => a.address)
      .sort()
      .join(' '); // DNS may rotate the order
    if (old && old.addresses === addresses) return { checked, pool: old.pool, addresses };
    if (old) this.retire(old.pool);
    return { checked, pool: this.open(checked), addresses };
  }

  private open(checked: CheckedUpstreamUrl): Pool {
    const pool = new Pool(new URL(checked.url).origin, {
      connections: this.settings.connections,
      keepAliveTimeout: this.settings.keepAliveTimeoutMs,
      connect: {
        lookup: pinnedLookup(checked.addresses),
        timeout: this.settings.connectTimeoutMs,
        ...(this.settings.ca ? { ca: this.settings.ca } : {}),
      },
    });
    this.pools.add(pool);
    return pool;
  }

  /** Lets a replaced pool finish what it carries, then forgets it. */
  private retire(pool: Pool): void {
    void pool
      .close()
      .catch(() => undefined)
      .finally(() => this.pools.delete(pool));
  }

  /** Bounds the table: expired targets go first, then the oldest. */
  private evictOverflow(now: number): void {
    if (this.entries.size <= MAX_ORIGINS) return;
    const drop = (origin: string, entry: Entry) => {
      this.entries.delete(origin);
      void entry.pin.then(
        (p) => this.retire(p.pool),
        () => undefined,
      );
    };
    for (const [origin, entry] of this.entries) if (entry.expiresAt <= now) drop(origin, entry);
    for (const [origin, entry] of this.entries) {
      if (this.entries.size <= MAX_ORIGINS) break;
      drop(origin, entry);
    }
  }

  /** Ends every connection now, in-flight exchanges included (shutdown must not wait on streams). */
  async close(): Promise<void> {
    this.closed = true;
    this.entries.clear();
    await Promise.all([...this.pools].map((p) => p.destroy().catch(() => undefined)));
    this.pools.clear();
  }
}

// Keeps this node's caches coherent with the cluster: bumps a tenant's generation in Redis
// after a change commits, hears other nodes' bumps by pub/sub at once, and polls the
// generations every CACHE_POLL_MS in one round trip (one script), so a lost message costs at
// most one poll interval. Caches are made here (cache()) and judged by the same state.
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { AppConfig, CONFIG } from '../../config/config';
import { Metrics } from '../metrics';
import { REDIS } from '../redis';
import { TalliedCounter } from '../tally';
import { CoherentCache, type CoherentCacheOptions } from './coherent-cache';
import { GenerationState, type PollResult } from './generation-state';

// One atomic step: the epoch (created on first use from a fresh random candidate, never from
// what a node remembers, so a Redis that lost its data gets a new one and every node notices),
// the next sequence, the tenant's generation, and the message to every node.
const BUMP = `
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local epoch = redis.call('GET', KEYS[1])
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[3], seq, ARGV[2])
redis.call('PUBLISH', ARGV[3], epoch .. ' ' .. seq .. ' ' .. ARGV[2])
return {epoch, seq}`;

// The epoch, the sequence, and the tenants whose generation moved past the node's cursor.
const POLL = `
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local epoch = redis.call('GET', KEYS[1])
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
return {epoch, seq, redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. ARGV[2], '+inf', 'WITHSCORES')}`;

type Scripted = Redis & {
  generationBump(
    epochKey: string,
    seqKey: string,
    zKey: string,
    epoch: string,
    tenantId: string,
    channel: string,
  ): Promise<[string, number]>;
  generationPoll(
    epochKey: string,
    seqKey: string,
    zKey: string,
    epoch: string,
    cursor: string,
  ): Promise<[string, number, string[]]>;
};

export type CacheSpec<K, V> = Omit<CoherentCacheOptions<K, V>, 'ttlMs' | 'max'> & {
  ttlMs?: number;
  max?: number;
};

@Injectable()
export class CacheCoherence implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('cache');
  readonly state: GenerationState;
  private readonly keys: [epoch: string, seq: string, tenants: string];
  private readonly channel: string;
  /** Commands that must fail fast while Redis is away (no offline queue): polls and bumps. */
  private conn?: Scripted;
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;
  /** Tenants changed while Redis could not be told; announced on the next successful poll. */
  private readonly unannounced = new Set<string>();
  private readonly lookups: TalliedCounter<'cache' | 'result'>;
  private readonly flushes: Counter<'reason'>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    const p = `${config.REDIS_PREFIX}:gen`;
    this.keys = [`${p}:epoch`, `${p}:seq`, `${p}:tenants`];
    this.channel = p;
    this.lookups = new TalliedCounter({
      name: 'cache_lookups_total',
      help: 'Hot-path cache lookups by cache and result (hit, load, load_failed)',
      labelNames: ['cache', 'result'] as const,
      registers: [metrics.registry],
    });
    this.flushes = new Counter({
      name: 'cache_flushes_total',
      help: 'Whole-cache flushes by reason (start, epoch, outage, local)',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
    this.state = new GenerationState(config.CACHE_MAX_STALENESS_MS, (reason) => {
      this.flushes.inc({ reason });
      if (reason !== 'start') this.logger.warn({ reason }, 'hot-path caches flushed');
    });
    const state = this.state;
    new Gauge({
      name: 'cache_generation_sequence',
      help: 'Highest cluster change sequence this node has learned (compare across nodes)',
      registers: [metrics.registry],
      collect() {
        this.set(state.sequence);
      },
    });
    new Gauge({
      name: 'cache_confirmed_age_seconds',
      help: 'Time since this node last confirmed its caches against Redis',
      registers: [metrics.registry],
      collect() {
        this.set(Math.min(state.confirmedAge(Date.now()), 1e9) / 1000);
      },
    });
  }

  async onModuleInit(): Promise<void> {
    const conn = this.redis.duplicate({
      connectionName: 'portcullis-cache',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.config.CACHE_MAX_STALENESS_MS,
    }) as Scripted;
    conn.on('error', () => undefined); // the main connection reports outages
    conn.defineCommand('generationBump', { numberOfKeys: 3, lua: BUMP });
    conn.defineCommand('generationPoll', { numberOfKeys: 3, lua: POLL });
    this.conn = conn;
    this.subscriber = this.redis.duplicate({ connectionName: 'portcullis-cache-sub' });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel, message: string) => this.onMessage(message));
    // Resubscribed by ioredis after every reconnect; messages lost meanwhile are what polls catch.
    this.subscriber
      .subscribe(this.channel)
      .catch((e) => this.logger.warn({ err: e }, 'cache channel subscription failed'));
    // A node may start while Redis is away: it then serves from the database until a poll answers.
    await once(conn, 'ready', { signal: AbortSignal.timeout(this.config.CACHE_MAX_STALENESS_MS) }).catch(
      () => undefined,
    );
    await this.poll();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
    // Nothing to flush on either connection: close them at once, even while Redis is away.
    this.subscriber?.disconnect();
    this.conn?.disconnect();
  }

  /** A cache judged by the cluster's generations. */
  cache<K, V>(spec: CacheSpec<K, V>): CoherentCache<K, V> {
    const counterFor = (result: string) => {
      const tally = this.lookups.child({ cache: spec.name, result });
      return () => tally.inc();
    };
    return new CoherentCache(
      this.state,
      { ttlMs: this.config.CACHE_TTL_SEC * 1000, max: 50_000, ...spec },
      // Each result's tally made once: every token and gateway call looks up several caches.
      {
        hit: counterFor('hit'),
        load: counterFor('load'),
        loadFailed: counterFor('load_failed'),
      },
    );
  }

  /**
   * After a change to what the hot path reads has committed (never inside a transaction: the
   * change must be visible to whoever reloads on hearing of it). Never throws: the change
   * stands; while Redis is away this node forgets everything it cached and the bump is retried.
   */
  async bump(tenantId: string): Promise<void> {
    try {
      await this.announce(tenantId);
    } catch (e) {
      this.unannounced.add(tenantId);
      this.state.flushLocal();
      this.logger.warn({ err: e, tenantId }, 'could not announce a change; retried once Redis answers');
    }
  }

  private async announce(tenantId: string): Promise<void> {
    if (!this.conn) throw new Error('cache coherence is not started');
    const [k1, k2, k3] = this.keys;
    const [epoch, seq] = await this.conn.generationBump(k1, k2, k3, randomUUID(), tenantId, this.channel);
    if (!this.state.applyChange(epoch, tenantId, Number(seq))) {
      // Redis has a new epoch this node has not polled yet: forget everything, poll soon.
      this.state.flushLocal();
      void this.poll();
    }
  }

  private onMessage(message: string): void {
    const [epoch, seq, tenantId] = message.split(' ');
    if (!epoch || !seq || !tenantId) return;
    if (!this.state.applyChange(epoch, tenantId, Number(seq))) void this.poll();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule()), this.config.CACHE_POLL_MS);
    this.timer.unref();
  }

  /** One round trip; a poll already running is joined, not doubled. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    if (!this.conn) return;
    const sentAt = Date.now();
    let result: PollResult;
    try {
      const [k1, k2, k3] = this.keys;
      const [epoch, seq, flat] = await this.conn.generationPoll(
        k1,
        k2,
        k3,
        randomUUID(),
        String(this.state.pollCursor),
      );
      const changed: PollResult['changed'] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) changed.push([flat[i]!, Number(flat[i + 1])]);
      result = { epoch, seq: Number(seq), changed };
    } catch {
      this.state.pollFailed();
      return;
    }
    this.state.applyPoll(result, sentAt);
    for (const tenantId of [...this.unannounced]) {
      this.unannounced.delete(tenantId);
      await this.bump(tenantId);
    }
  }
}

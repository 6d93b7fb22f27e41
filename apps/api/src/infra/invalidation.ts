// Cache invalidation across nodes: a change is published on Redis and every node (this one
// included) drops what it cached about that object within milliseconds.
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig, CONFIG } from '../config/config';
import { REDIS } from './redis';

/** What changed: a tenant, an agent, a server, signing keys, policies, a revoked credential, a member or a people's client. */
export type Invalidation =
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'agent'; tenantId: string; agentId: string; clientId?: string }
  | { kind: 'server'; tenantId: string; serverId: string }
  | { kind: 'keys'; tenantId: string }
  | { kind: 'policies'; tenantId: string }
  | { kind: 'token'; tenantId: string; jti: string }
  | { kind: 'apiKey'; tenantId: string; hash: string }
  // People (issue 14): a member's role, grants or consents changed (every member of the tenant
  // when userId is absent, as for a role's grant), and a people's OAuth client changed.
  | { kind: 'member'; tenantId: string; userId?: string }
  | { kind: 'oauthClient'; tenantId: string; clientId: string };

type Listener = (event: Invalidation) => void;

@Injectable()
export class InvalidationBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InvalidationBus.name);
  private readonly listeners = new Set<Listener>();
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(CONFIG) config: AppConfig) {
    this.channel = `${config.REDIS_PREFIX}:invalidate`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate({ connectionName: 'portcullis-invalidation' });
    // Outages are reported by the main connection; caches still expire on their TTL meanwhile.
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel, message: string) => {
      try {
        this.deliver(JSON.parse(message) as Invalidation);
      } catch (e) {
        this.logger.warn({ err: e }, 'ignored a malformed invalidation message');
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }

  on(listener: Listener): void {
    this.listeners.add(listener);
  }

  /** Drops local caches now, and tells every other node. */
  async publish(event: Invalidation): Promise<void> {
    this.deliver(event);
    await this.redis.publish(this.channel, JSON.stringify(event)).catch((e) => {
      // Other nodes' caches expire on their own TTL; never fail the admin change for this.
      this.logger.error({ err: e }, 'could not publish an invalidation');
    });
  }

  private deliver(event: Invalidation): void {
    for (const l of this.listeners) l(event);
  }
}

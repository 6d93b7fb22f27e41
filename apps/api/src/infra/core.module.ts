// Process-wide singletons: configuration, the database (and, embedded, its statistics' upkeep),
// Redis, the shutdown state, the secret hasher, metrics, the coherence of the hot-path caches, and
// the outbound HTTP client.
import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Db } from '@portcullis/db';
import { SecretHasher, type HostResolver } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { Drain } from './drain';
import { DatabaseProbe, PLATFORM_DB, TenantDbFactory } from './database';
import { Metrics } from './metrics';
import { REDIS, RedisLifecycle } from './redis';
import { InvalidationBus } from './invalidation';
import { CacheCoherence } from './cache/cache-coherence';
import { SECRET_BOX, createSecretBox } from './secret-box';
import { OUTBOUND_RESOLVER, PlatformOutbound } from './outbound';
import { EmbeddedAutovacuum } from './embedded-autovacuum';

export const SECRET_HASHER = Symbol('SECRET_HASHER');

export interface CoreDeps {
  config: AppConfig;
  db: Db;
  redis: Redis;
  /** Tests only: answers DNS questions for the outbound client. */
  resolver?: HostResolver;
  drain: Drain;
}

@Global()
@Module({})
export class CoreModule {
  static register(deps: CoreDeps): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: PLATFORM_DB, useValue: deps.db },
        { provide: REDIS, useValue: deps.redis },
        { provide: Drain, useValue: deps.drain },
        { provide: SECRET_HASHER, useValue: new SecretHasher(deps.config.SECRET_PEPPER) },
        { provide: SECRET_BOX, useValue: createSecretBox(deps.config) },
        CacheCoherence,
        InvalidationBus,
        Metrics,
        TenantDbFactory,
        DatabaseProbe,
        RedisLifecycle,
        ...(deps.resolver ? [{ provide: OUTBOUND_RESOLVER, useValue: deps.resolver }] : []),
        PlatformOutbound,
        // No DATABASE_URL: the embedded PGlite, which has no autovacuum of its own.
        ...(deps.config.DATABASE_URL ? [] : [EmbeddedAutovacuum]),
      ],
      exports: [
        CONFIG,
        PLATFORM_DB,
        REDIS,
        Drain,
        SECRET_HASHER,
        SECRET_BOX,
        Metrics,
        TenantDbFactory,
        DatabaseProbe,
        InvalidationBus,
        CacheCoherence,
        PlatformOutbound,
      ],
    };
  }
}

// Builds the HTTP application (used by main.ts and by the integration tests alike).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import { createDb, Db } from '@portcullis/db';
import type { Redis } from 'ioredis';
import type { HostResolver } from '@portcullis/auth-core';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { addResponseHooks } from './infra/http-hooks';
import { createLogger, NestPinoLogger } from './infra/logger';
import { Metrics } from './infra/metrics';
import { createRedis } from './infra/redis';
import { Drain } from './infra/drain';
import { InFlight } from './lifecycle/http-drain';
import { NodeStopper } from './lifecycle/shutdown';
import { openApiDocument } from './openapi';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export interface BuiltApp {
  app: NestFastifyApplication;
  db: Db;
  redis: Redis;
  /** The one way to stop it (lifecycle/shutdown.ts); `app.close()` alone leaves the database open. */
  stopper: NodeStopper;
}

export async function createApp(
  config: AppConfig,
  deps: Partial<{ db: Db; redis: Redis; resolver: HostResolver }> = {},
): Promise<BuiltApp> {
  const logger = createLogger(config.LOG_LEVEL);
  const db = deps.db ?? (await createDb(config.DATABASE_URL));
  const drain = new Drain();
  const redis = deps.redis ?? createRedis(config.REDIS_URL, 'portcullis-api', drain);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
    // No Nest middleware here (cross-cutting work is in Fastify hooks: infra/http-hooks.ts), so
    // no @fastify/middie: it would otherwise run its onRequest hook on every request.
    skipMiddie: true,
    // Accept a caller's request id only when it looks like one; otherwise mint our own.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, db, redis, resolver: deps.resolver, drain }),
    adapter,
    {
      logger: new NestPinoLogger(logger),
      bufferLogs: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Before any route exists, so every response is tracked for the shutdown.
  const inFlight = new InFlight(fastify);
  await app.register(fastifyCookie);
  addResponseHooks(fastify, {
    helmet: { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false },
    metrics: app.get(Metrics),
  });

  // Swagger UI serves the document generated from the route values (openapi.ts), not Nest's scan.
  SwaggerModule.setup('api/docs', app, openApiDocument(config.PUBLIC_URL) as unknown as OpenAPIObject, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
  await app.init();
  const stopper = new NodeStopper({
    app,
    db,
    embedded: !config.DATABASE_URL,
    drain,
    inFlight,
    timeoutMs: config.SHUTDOWN_TIMEOUT_SEC * 1000,
  });
  return { app, db, redis, stopper };
}

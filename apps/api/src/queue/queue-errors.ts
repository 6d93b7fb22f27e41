// BullMQ queues and workers report lost Redis connections as 'error' events, and print each one
// with its stack to stderr when nobody listens: a flood during an outage. Here they go through
// the logger instead, once every ten seconds per queue or worker. (What fails while Redis is
// down is handled where it fails: audit hand-off fallbacks, policy fail modes.)
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { WorkerHost, getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from './queues';

const logger = new Logger('queue');
const QUIET_MS = 10_000;

function logErrorsOf(
  source: { on(event: 'error', listener: (e: Error) => void): unknown },
  name: string,
): void {
  let last = 0;
  source.on('error', (e) => {
    if (Date.now() - last < QUIET_MS) return;
    last = Date.now();
    logger.warn({ err: e, source: name }, `${name}: ${e.message}`);
  });
}

/** Listens to every queue's errors. */
@Injectable()
export class QueueErrors implements OnApplicationBootstrap {
  constructor(private readonly moduleRef: ModuleRef) {}

  onApplicationBootstrap(): void {
    for (const name of ALL_QUEUES)
      logErrorsOf(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }), `queue ${name}`);
  }
}

/** A processor whose worker's errors are logged (the worker exists once the application has bootstrapped). */
export abstract class QueueWorker extends WorkerHost implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    logErrorsOf(this.worker, `worker ${this.worker.name}`);
  }
}

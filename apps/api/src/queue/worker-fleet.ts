// Stopping this process's BullMQ workers. A job in progress is finished (its outcome written to
// Redis) or, when the in-flight budget runs out first, moved back to the wait list with its lock
// released, so another worker takes it at once: never lost. When Redis is down neither can be
// written, so there is nothing to wait for: the job keeps its lock until it expires and another
// worker's stalled-job check puts it back (BullMQ's own recovery). Jobs must therefore be
// idempotent, and they are: audit appends by event id, tool syncs and maintenance by nature,
// sink deliveries at least once.
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { WorkerHost, getQueueToken } from '@nestjs/bullmq';
import { Job, type Queue, type Worker } from 'bullmq';
import { Condition, msUntil, withTimeout } from '../infra/timeouts';

const RELEASE_TIMEOUT_MS = 1000;
/** A graceful close that has not ended by the in-flight deadline (plus this) is forced. */
const CLOSE_GRACE_MS = 500;

export interface FleetStop {
  /** Jobs put back in the wait list for another worker. */
  released: string[];
  /** Jobs whose outcome could not be written (Redis unreachable): their locks expire. */
  abandoned: string[];
}

@Injectable()
export class WorkerFleet implements OnApplicationBootstrap {
  private readonly logger = new Logger('workers');
  private workers: Worker[] = [];
  /** Jobs this process took and whose outcome is not written yet, by queue and id. */
  private readonly active = new Map<string, Job>();
  private readonly changed = new Condition();
  /** The workers' Redis connections: one that has ended (a stopping node does not reconnect) writes nothing more. */
  private readonly clients: { status: string }[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    this.workers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker);
    for (const worker of this.workers) {
      const key = (job: Job) => `${worker.name}:${job.id}`;
      const done = (job: Job | undefined) => {
        if (job) this.active.delete(key(job));
        this.changed.notify();
      };
      worker.on('active', (job) => this.active.set(key(job), job));
      // Emitted once the outcome is written to Redis: before that the job is not done.
      worker.on('completed', done);
      worker.on('failed', done);
      worker.client.then(
        (client) => {
          this.clients.push(client);
          for (const event of ['ready', 'end']) client.on(event, () => this.changed.notify());
        },
        () => undefined,
      );
    }
  }

  /** Takes no new job; lets the running ones finish until `until`, then releases what is left. */
  async stop(until: number): Promise<FleetStop> {
    if (this.workers.length === 0) return { released: [], abandoned: [] };
    await Promise.all(this.workers.map((w) => w.pause(true).catch(() => undefined)));
    // A client that is reconnecting comes back or, the node stopping, ends within one retry
    // delay. Closing it before that would wait for ever: ioredis never reports the end of a
    // client disconnected while it waits to reconnect.
    await this.changed.waitUntil(
      () => this.clients.every((c) => c.status === 'ready' || c.status === 'end'),
      until,
    );
    const redisGone = () => this.clients.some((c) => c.status !== 'ready');
    await this.changed.waitUntil(() => this.active.size === 0 || redisGone(), until);
    if (this.active.size === 0 && !redisGone()) {
      const closing = Promise.all(this.workers.map((w) => w.close()));
      if (
        await withTimeout(closing, msUntil(until) + CLOSE_GRACE_MS, 'closing the workers').then(
          () => true,
          () => false,
        )
      ) {
        return { released: [], abandoned: [] };
      }
    }
    const unreachable = redisGone();
    // Forced: the processors still running must not write an outcome, and a worker still
    // fetching would take a released job straight back.
    await withTimeout(
      Promise.all(this.workers.map((w) => w.close(true))),
      CLOSE_GRACE_MS,
      'closing the workers',
    ).catch(() => undefined);
    const released: string[] = [];
    const abandoned: string[] = [];
    await Promise.all(
      [...this.active.values()].map(async (job) => {
        const name = `${job.queueName}:${job.id}`;
        if (unreachable) return abandoned.push(name);
        try {
          await withTimeout(this.release(job), RELEASE_TIMEOUT_MS, 'releasing a job');
          released.push(name);
        } catch (e) {
          abandoned.push(name);
          this.logger.warn(
            { err: e, job: name },
            'could not release a job; its lock will expire and another worker will take it',
          );
        }
      }),
    );
    this.active.clear();
    return { released, abandoned };
  }

  /** Back to the wait list, lock removed, through the queue's connection (the worker's are closed). */
  private async release(job: Job): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(job.queueName), { strict: false });
    const held = await Job.fromId(queue, job.id!);
    if (!held) throw new Error('the job is gone');
    await held.moveToWait(job.token);
  }
}

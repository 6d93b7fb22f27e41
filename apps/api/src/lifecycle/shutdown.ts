// One way to stop a node (the API, or a standalone worker): on SIGTERM or SIGINT, and in tests.
//  1. Stop taking work: /readyz answers 503, the listener closes, workers take no new job.
//  2. What is in flight finishes until the in-flight budget; then requests and streams are cut
//     and jobs are released for another worker.
//  3. Pending audit events go to the queue, else the database, else the spool.
//  4. The Nest application closes (queues, Redis, caches, upstream pools), each step bounded.
//  5. The database closes, last, after everything that uses it. PGlite is always awaited: a
//     process that exits while it closes leaves its data directory to crash recovery.
// A deadline bounds 1-4: when it passes (or a second signal says not to wait), the audit events
// no store has confirmed are spooled, the database is closed at once, and the outcome is 1.
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Db } from '@portcullis/db';
import { AuditService } from '../audit/audit.service';
import { msUntil, withTimeout } from '../infra/timeouts';
import { WorkerFleet } from '../queue/worker-fleet';
import type { Drain } from '../infra/drain';
import type { InFlight } from './http-drain';

export interface StopOutcome {
  /** 0: everything in flight finished and was handed off in time. 1: something was cut, released, late or not closed. */
  code: 0 | 1;
  /** Why it is 1. */
  problems: string[];
}

export interface StoppableNode {
  app: NestFastifyApplication;
  db: Db;
  /** PGlite rather than a PostgreSQL pool. */
  embedded: boolean;
  drain: Drain;
  inFlight: InFlight;
  timeoutMs: number;
}

/** The part of the deadline in-flight work may use; the rest is for the hand-off and closing. */
export function inFlightBudgetMs(timeoutMs: number): number {
  return timeoutMs - Math.min(4000, Math.round(timeoutMs * 0.3));
}

export class NodeStopper {
  private readonly logger = new Logger('shutdown');
  private stopping?: Promise<StopOutcome>;
  private readonly hurried = new AbortController();

  constructor(private readonly node: StoppableNode) {}

  /** Starts the stop sequence (once; later calls share it). */
  stop(): Promise<StopOutcome> {
    this.stopping ??= this.run();
    return this.stopping;
  }

  /** Stops waiting for in-flight work: the deadline is now. */
  hurry(): void {
    this.hurried.abort();
  }

  private async run(): Promise<StopOutcome> {
    const { timeoutMs } = this.node;
    const startedAt = Date.now();
    const deadline = startedAt + timeoutMs;
    const problems: string[] = [];
    this.node.drain.begin();
    this.logger.log({ timeoutMs }, 'stopping: no new requests or jobs; finishing what is in flight');

    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      this.hurried.signal.addEventListener('abort', () => resolve(false), { once: true });
    });
    const orderly = this.orderly(startedAt + inFlightBudgetMs(timeoutMs), deadline, problems).then(
      () => true as const,
      (e: unknown) => {
        problems.push(`the stop sequence failed: ${e instanceof Error ? e.message : String(e)}`);
        return true as const;
      },
    );
    const inTime = await Promise.race([orderly, late]);
    clearTimeout(timer);
    if (!inTime)
      problems.push(
        this.hurried.signal.aborted ? 'stopped early by a second signal' : 'the shutdown deadline passed',
      );

    const spooled = this.node.app.get(AuditService).spoolLeftovers();
    if (spooled > 0)
      this.logger.warn({ events: spooled }, 'audit events spooled at exit, replayed at the next start');
    if (!(await this.closeDatabase(deadline))) problems.push('the database did not close');

    const outcome: StopOutcome = { code: problems.length === 0 ? 0 : 1, problems };
    if (outcome.code === 0) this.logger.log({ ms: Date.now() - startedAt }, 'stopped');
    else this.logger.warn({ ms: Date.now() - startedAt, problems }, 'stopped, but not cleanly');
    return outcome;
  }

  private async orderly(inFlightUntil: number, deadline: number, problems: string[]): Promise<void> {
    const { app, drain, inFlight } = this.node;
    const [http, jobs] = await Promise.all([
      inFlight.close(app.getHttpAdapter().getInstance(), drain, inFlightUntil),
      app.get(WorkerFleet).stop(inFlightUntil),
    ]);
    this.logger.debug({ http, jobs }, 'requests and jobs drained');
    if (http.cut > 0) problems.push(`${http.cut} request(s) still in flight were cut`);
    if (jobs.released.length > 0)
      problems.push(`job(s) released for another worker: ${jobs.released.join(', ')}`);
    // Not a failure of this node: with Redis gone nothing could be written, and BullMQ recovers them.
    if (jobs.abandoned.length > 0)
      this.logger.warn(
        { jobs: jobs.abandoned },
        'Redis unreachable: jobs left to their lock expiry, another worker retries them',
      );
    await app.get(AuditService).handOff(deadline);
    this.logger.debug('audit events handed off; closing the application');
    await app.close();
    this.logger.debug('application closed; closing the database');
  }

  private async closeDatabase(deadline: number): Promise<boolean> {
    const closing = this.node.db.$disconnect();
    const closed = this.node.embedded
      ? closing
      : withTimeout(closing, Math.max(1000, msUntil(deadline)), 'closing the database pool');
    return closed.then(
      () => true,
      (e: unknown) => {
        this.logger.error({ err: e }, 'the database did not close');
        return false;
      },
    );
  }
}

// The embedded database's autovacuum, for the one thing the application depends on: the planner's
// statistics (see analyzeStaleTables in @portcullis/db). On PostgreSQL, autovacuum does it.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { analyzeStaleTables } from '@portcullis/db';
import { PLATFORM_DB, type PlatformDb } from './database';

/** How often the tables' sizes are compared with their statistics (a catalog query when nothing moved). */
export const EMBEDDED_ANALYZE_EVERY_MS = 60_000;

@Injectable()
export class EmbeddedAnalyze implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('embedded-database');
  private timer?: NodeJS.Timeout;
  private running: Promise<string[]> = Promise.resolve([]);
  private stopped = false;

  constructor(@Inject(PLATFORM_DB) private readonly db: PlatformDb) {}

  /** A first pass at once (a restart may find a database grown since), then one per interval. */
  onApplicationBootstrap(): void {
    const tick = () => {
      void this.runOnce().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, EMBEDDED_ANALYZE_EVERY_MS).unref();
      });
    };
    tick();
  }

  /** One pass (after the one in progress, if any); the tables analyzed. A failure is logged, not thrown. */
  runOnce(): Promise<string[]> {
    this.running = this.running.then(() =>
      analyzeStaleTables(this.db).then(
        (tables) => {
          if (tables.length > 0) this.logger.log({ tables }, 'refreshed the planner statistics');
          return tables;
        },
        (e: unknown) => {
          if (!this.stopped) this.logger.warn({ err: e }, 'could not refresh the planner statistics');
          return [];
        },
      ),
    );
    return this.running;
  }

  /** Before the database closes: no new pass, and the one in progress finished. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

// The embedded database's autovacuum, for what the application depends on: the planner's
// statistics, and frozen transaction ids before they wrap around (analyzeStaleTables and
// freezeOldTables in @portcullis/db). On PostgreSQL, autovacuum does both.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { FREEZE_MAX_AGE, analyzeAllTables, analyzeStaleTables, freezeOldTables } from '@portcullis/db';
import { PLATFORM_DB, type PlatformDb } from './database';

/** How often the tables are looked at (two catalog queries when nothing is due). */
export const EMBEDDED_AUTOVACUUM_EVERY_MS = 60_000;

export interface AutovacuumPass {
  analyzed: string[];
  frozen: string[];
}

@Injectable()
export class EmbeddedAutovacuum implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('embedded-database');
  private timer?: NodeJS.Timeout;
  private running: Promise<AutovacuumPass> = Promise.resolve({ analyzed: [], frozen: [] });
  private stopped = false;
  /** How many transactions behind a table's oldest unfrozen row may be (a test sets it low). */
  freezeMaxAge = FREEZE_MAX_AGE;
  /** The last pass's ANALYZE failed: the next analyzes every table (see analyzeAllTables). */
  private analyzeAll = false;

  constructor(@Inject(PLATFORM_DB) private readonly db: PlatformDb) {}

  /** A first pass at once (a restart may find a database grown since), then one per interval. */
  onApplicationBootstrap(): void {
    const tick = () => {
      void this.runOnce().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, EMBEDDED_AUTOVACUUM_EVERY_MS).unref();
      });
    };
    tick();
  }

  /** One pass (after the one in progress, if any): what it analyzed and froze. A failure is logged, not thrown. */
  runOnce(): Promise<AutovacuumPass> {
    this.running = this.running.then(async () => {
      // Each on its own: a failing ANALYZE must not keep tables from being frozen, nor the reverse.
      const analyzed = await this.step(
        () => (this.analyzeAll ? analyzeAllTables(this.db) : analyzeStaleTables(this.db)),
        'refreshed the planner statistics',
        'could not refresh the planner statistics',
      );
      this.analyzeAll = analyzed === undefined;
      const frozen = await this.step(
        () => freezeOldTables(this.db, this.freezeMaxAge),
        'froze old transaction ids (anti-wraparound vacuum)',
        'could not freeze old transaction ids',
      );
      return { analyzed: analyzed ?? [], frozen: frozen ?? [] };
    });
    return this.running;
  }

  /** The tables a step worked on, or undefined when it failed (logged, not thrown). */
  private async step(
    run: () => Promise<string[]>,
    done: string,
    failed: string,
  ): Promise<string[] | undefined> {
    try {
      const tables = await run();
      if (tables.length > 0) this.logger.log({ tables }, done);
      return tables;
    } catch (e) {
      if (!this.stopped) this.logger.warn({ err: e }, failed);
      return undefined;
    }
  }

  /** Before the database closes: no new pass, and the one in progress finished. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

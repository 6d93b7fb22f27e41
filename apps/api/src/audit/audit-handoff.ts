// Where a batch of audit events goes: the queue, else the database, else the local spool (a node
// that runs the worker tries the database first: see AuditService.flush). Each step is bounded by
// its own short timeout and by a deadline (the node's stop), so a dependency that does not answer
// costs that timeout, not the shutdown. A step cut short may still complete later: appends are
// idempotent by event id, so the batch is stored once.
import { msUntil, withTimeout } from '../infra/timeouts';

export type HandOffTarget = 'queue' | 'database' | 'spool';

export interface HandOffTargets {
  queue(): Promise<unknown>;
  database(): Promise<unknown>;
  /** Synchronous and durable when it returns; throws when the disk refuses. */
  spool(): void;
}

export const HANDOFF_TIMEOUT_MS = { queue: 1000, database: 2000 } as const;

export type HandOffOrder = readonly ['queue', 'database'] | readonly ['database', 'queue'];

/**
 * Tries the queue, then the database (or the other way round), within their timeouts and before
 * `until`; the spool takes the batch when neither did (also when no time is left). Throws only
 * when the spool refuses too.
 */
export async function handOff(
  targets: HandOffTargets,
  until: number,
  onFailure: (target: HandOffTarget, error: unknown) => void,
  timeouts: { queue: number; database: number } = HANDOFF_TIMEOUT_MS,
  order: HandOffOrder = ['queue', 'database'],
): Promise<HandOffTarget> {
  for (const target of order) {
    const ms = Math.min(timeouts[target], msUntil(until));
    if (ms <= 0) break;
    const attempt = targets[target]();
    attempt.catch(() => undefined); // it may still settle after its timeout
    try {
      await withTimeout(attempt, ms, `audit hand-off to the ${target}`);
      return target;
    } catch (e) {
      onFailure(target, e);
    }
  }
  targets.spool();
  return 'spool';
}

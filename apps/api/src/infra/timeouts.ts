// Bounded waits. Shutdown and health checks must never wait on a dependency for ever: a command
// queued on a Redis client that is reconnecting, or a query on a pool whose server is gone,
// would otherwise hold the process.

/** `p`, or a rejection naming `what` once `ms` have passed; the timer never keeps the process alive. */
export function withTimeout<T>(p: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), Math.max(0, ms));
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Whether `p` settled (resolved or rejected) before the epoch time `until`. */
export async function settledBy(p: Promise<unknown>, until: number): Promise<boolean> {
  return withTimeout(
    p.then(
      () => true,
      () => true,
    ),
    until - Date.now(),
  ).catch(() => false);
}

/** Milliseconds left until the epoch time `until`, never negative. */
export function msUntil(until: number): number {
  return Math.max(0, until - Date.now());
}

/** Waits on a condition that changes when `notify()` is called, bounded by an epoch time. */
export class Condition {
  private readonly waiting = new Set<() => void>();

  notify(): void {
    for (const check of this.waiting) check();
  }

  /** Resolves once `holds()` is true, or at `until`, whichever comes first. */
  waitUntil(holds: () => boolean, until: number): Promise<void> {
    if (holds()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.waiting.delete(check);
        resolve();
      };
      const check = () => {
        if (holds()) finish();
      };
      const timer = setTimeout(finish, msUntil(until));
      this.waiting.add(check);
    });
  }
}

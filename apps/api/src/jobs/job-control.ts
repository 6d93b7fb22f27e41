// What a long piece of work (verifying a chain, a back-test, an export) is given so that it
// stays cooperative: between two pages it reports how far it got, lets everything else run, and
// stops when asked to. The same work runs inline in a request (stopped when the client goes
// away) or as a queue job (stopped by DELETE /api/v1/jobs/:id, from any node).

export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface JobControl {
  /** After each page: `done` of `total` units. Yields to the event loop; throws JobCancelled once cancelled. */
  page(done: number, total: number): Promise<void>;
}

/** One turn of the event loop: timers and I/O of other requests run before the next page. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Control for work done inside a request: it ends with the request's signal (the client left). */
export function inlineControl(signal?: AbortSignal): JobControl {
  return {
    async page() {
      await yieldToEventLoop();
      if (signal?.aborted) throw new JobCancelled();
    },
  };
}

/**
 * Lets a read just started reach the database before the caller works on the page in hand: the
 * pool hands out its connection on a later tick, which a page's synchronous work would otherwise
 * hold back until it is done (the database then idles while the page is worked on, and the
 * other way round: measured on the embedded database, one page in flight at a time).
 */
const sendOff = yieldToEventLoop;

/**
 * Pages of rows in `seq` order, the next one read while the caller works on the current one (the
 * database works in its own thread or server meanwhile). `read(after)` returns up to `size` rows
 * with seq > after; a short page is the last.
 */
export async function* prefetchedPages<R extends { seq: bigint }>(
  read: (after: bigint) => Promise<R[]>,
  size: number,
  from = -1n,
): AsyncGenerator<R[]> {
  let next: Promise<R[]> | undefined = read(from);
  try {
    while (next) {
      const rows: R[] = await next;
      next = rows.length === size ? read(rows[rows.length - 1]!.seq) : undefined;
      // A caller that stops early never awaits it: its failure is not unhandled.
      next?.catch(() => undefined);
      if (next) await sendOff();
      if (rows.length > 0) yield rows;
    }
  } finally {
    next?.catch(() => undefined);
  }
}

/**
 * Pages of a gap-free run of `seq` (a chain from its anchor to its head), the next read while the
 * caller works on the current one. Each read is the window (after, through] of at most `size`
 * numbers, so the database walks the (tenantId, seq) index over exactly that window whatever its
 * statistics say: with a stale row estimate (PGlite runs no autovacuum) `seq > x ORDER BY seq
 * LIMIT n` read the whole rest of the chain for every page. A missing row only shortens its
 * page: the windows go on to `upTo`, and whoever reads the rows sees the gap.
 */
export async function* windowedPages<R>(
  read: (after: bigint, through: bigint) => Promise<R[]>,
  from: bigint,
  upTo: bigint,
  size: number,
): AsyncGenerator<R[]> {
  const window = BigInt(size);
  const readFrom = (after: bigint) => {
    if (after >= upTo) return undefined;
    const through = after + window < upTo ? after + window : upTo;
    return { through, rows: read(after, through) };
  };
  let next = readFrom(from);
  try {
    while (next) {
      const { through, rows } = next;
      const page = await rows;
      next = readFrom(through);
      next?.rows.catch(() => undefined);
      if (next) await sendOff();
      if (page.length > 0) yield page;
    }
  } finally {
    next?.rows.catch(() => undefined);
  }
}

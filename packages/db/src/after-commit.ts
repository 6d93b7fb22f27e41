// Work that must wait until a transaction has committed (handing a job to Redis, say): the
// caller registers it with afterCommit(tx, hook), naming the transaction it runs in (the client
// its $transaction callback received, or a TenantSql made from one or from tenantTransaction),
// and it runs once that transaction has committed; a rollback drops it. A client that is not an
// open transaction runs it at once.
//
// The transaction is named, not found through AsyncLocalStorage: on Node 20 a single
// AsyncLocalStorage in use turns on the promise hooks for the whole process, a cost every promise
// of every request paid (about 5% of the gateway's CPU per call, bench/results/issue13).
import type { PrismaClient } from './generated/prisma/client';

interface Pending {
  hooks: Array<() => void>;
  committed: boolean;
}

/** The open transactions, by every handle that names one (the handles die with the transaction). */
const pendingOf = new WeakMap<object, Pending>();

function runAll(hooks: Array<() => void>): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch (e) {
      // A hook is a hand-off (its own retries and relays cover a failure): never fail the commit.
      console.error('an after-commit hook threw', e);
    }
  }
}

/** Runs `hook` when the transaction `tx` commits (now, if `tx` is not an open transaction). */
export function afterCommit(tx: object, hook: () => void): void {
  const pending = pendingOf.get(tx);
  if (!pending || pending.committed) runAll([hook]);
  else pending.hooks.push(hook);
}

/** `handle` names the same transaction as `tx` (a TenantSql made from a transaction client, say). */
export function sameTransaction(tx: object, handle: object): void {
  const pending = pendingOf.get(tx);
  if (pending) pendingOf.set(handle, pending);
}

/**
 * Runs `transaction` (one whole transaction, its COMMIT included), whose handle it passes to
 * `register` first, collecting the hooks registered on that handle; they run once it resolves,
 * and are dropped if it rejects. withAfterCommit uses it for Prisma's transactions,
 * tenantTransaction for its own.
 */
export function collectingAfterCommit<T>(
  transaction: (register: (handle: object) => void) => Promise<T>,
): Promise<T> {
  const pending: Pending = { hooks: [], committed: false };
  return transaction((handle) => pendingOf.set(handle, pending)).then((result) => {
    pending.committed = true;
    runAll(pending.hooks);
    return result;
  });
}

type WithCallback = (
  this: unknown,
  args: { callback: (tx: object) => Promise<unknown>; options?: unknown },
) => Promise<unknown>;

/**
 * Makes `db.$transaction(fn)` (and a scoped client's, which goes through the same client) run
 * the hooks registered on `fn`'s transaction client after it commits. Wraps Prisma's
 * interactive-transaction step rather than `$transaction` itself: that keeps `this`, so an
 * extended (tenant-scoped) client still hands `fn` its own scoped transaction client, the very
 * object the hooks are registered on. (Prisma 6.19's internal name; after-commit.test.ts fails
 * if it moves.)
 */
export function withAfterCommit<T extends PrismaClient>(db: T): T {
  const original = (db as unknown as { _transactionWithCallback?: WithCallback })._transactionWithCallback;
  if (typeof original !== 'function')
    throw new Error('Prisma has no _transactionWithCallback: after-commit hooks need updating');
  const wrapped: WithCallback = function (this: unknown, args) {
    return collectingAfterCommit((register) =>
      original.call(this, {
        ...args,
        callback: (tx: object) => {
          register(tx);
          return args.callback(tx);
        },
      }),
    );
  };
  Object.defineProperty(db, '_transactionWithCallback', {
    value: wrapped,
    configurable: true,
    writable: true,
  });
  return db;
}

// Work that must wait until a transaction has committed (handing a job to Redis, say): the
// caller registers it with afterCommit() anywhere inside an interactive transaction, however
// deep, and it runs once the outermost $transaction resolves; a rollback drops it. Outside a
// transaction it runs at once. Found through AsyncLocalStorage, so no transaction client needs
// to be passed down (scoped clients' transactions go through the base client's $transaction).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PrismaClient } from './generated/prisma/client';

interface Pending {
  hooks: Array<() => void>;
  committed: boolean;
}

const open = new AsyncLocalStorage<Pending>();

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

/** Runs `hook` when the surrounding transaction commits (now, if there is none or it has). */
export function afterCommit(hook: () => void): void {
  const pending = open.getStore();
  if (!pending || pending.committed) runAll([hook]);
  else pending.hooks.push(hook);
}

/**
 * Runs `transaction` (one whole transaction, its COMMIT included) collecting the hooks registered
 * inside it; they run once it resolves, and are dropped if it rejects. withAfterCommit uses it for
 * Prisma's transactions, tenantTransaction for its own.
 */
export function collectingAfterCommit<T>(transaction: () => Promise<T>): Promise<T> {
  const pending: Pending = { hooks: [], committed: false };
  return open.run(pending, transaction).then((result) => {
    pending.committed = true;
    runAll(pending.hooks);
    return result;
  });
}

type WithCallback = (this: unknown, args: { callback: unknown; options?: unknown }) => Promise<unknown>;

/**
 * Makes `db.$transaction(fn)` (and a scoped client's, which goes through the same client) run
 * the hooks registered inside `fn` after it commits. Wraps Prisma's interactive-transaction
 * step rather than `$transaction` itself: that keeps `this`, so an extended (tenant-scoped)
 * client still hands `fn` its own scoped transaction client. (Prisma 6.19's internal name;
 * after-commit.test.ts fails if it moves.)
 */
export function withAfterCommit<T extends PrismaClient>(db: T): T {
  const original = (db as unknown as { _transactionWithCallback?: WithCallback })._transactionWithCallback;
  if (typeof original !== 'function')
    throw new Error('Prisma has no _transactionWithCallback: after-commit hooks need updating');
  const wrapped: WithCallback = function (this: unknown, args) {
    return collectingAfterCommit(() => original.call(this, args));
  };
  Object.defineProperty(db, '_transactionWithCallback', {
    value: wrapped,
    configurable: true,
    writable: true,
  });
  return db;
}

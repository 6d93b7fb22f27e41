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

/** Makes `db.$transaction(fn)` run the hooks registered inside `fn` after it commits. */
export function withAfterCommit<T extends PrismaClient>(db: T): T {
  const transaction = db.$transaction.bind(db) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const wrapped = (arg: unknown, options?: unknown) => {
    if (typeof arg !== 'function') return transaction(arg, options); // a batch of queries: no callback to run
    const pending: Pending = { hooks: [], committed: false };
    return open.run(pending, () => transaction(arg, options)).then((result) => {
      pending.committed = true;
      runAll(pending.hooks);
      return result;
    });
  };
  Object.defineProperty(db, '$transaction', { value: wrapped, configurable: true, writable: true });
  return db;
}

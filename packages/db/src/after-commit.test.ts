// After-commit hooks on a real (embedded) PostgreSQL: they run once the transaction committed,
// never for one that rolled back, and also inside a tenant-scoped client's transaction.
import { executionAsyncId } from 'node:async_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterCommit } from './after-commit';
import type { Db } from './client';
import { useEmbeddedDb } from './test-support/embedded-db';
import { scopedDb } from './tenancy';
import { tenantSql } from './tenant-sql';

const openDb = useEmbeddedDb('after-commit');
let db: Db;
beforeAll(() => {
  db = openDb();
});

describe('afterCommit', () => {
  it('runs a hook after the commit, with the row visible to others', async () => {
    const seen: Array<string | null> = [];
    const id = await db.$transaction(async (tx) => {
      const t = await tx.tenant.create({ data: { slug: 'after-commit-1', name: 'A' } });
      afterCommit(
        tx,
        () => void db.tenant.findUnique({ where: { id: t.id } }).then((r) => seen.push(r?.slug ?? null)),
      );
      expect(seen).toEqual([]);
      return t.id;
    });
    await expect.poll(() => seen).toEqual(['after-commit-1']);
    expect(id).toBeTruthy();
  });

  it('drops the hooks of a transaction that rolled back', async () => {
    let ran = false;
    await expect(
      db.$transaction(async (tx) => {
        await tx.tenant.create({ data: { slug: 'after-commit-2', name: 'B' } });
        afterCommit(tx, () => (ran = true));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // A later transaction's commit does not run them either.
    await db.$transaction(async () => undefined);
    expect(ran).toBe(false);
  });

  it('works inside a scoped client (whose transaction stays scoped), and runs at once outside any transaction', async () => {
    const tenant = await db.tenant.create({ data: { slug: 'after-commit-3', name: 'C' } });
    const other = await db.tenant.create({ data: { slug: 'after-commit-4', name: 'D' } });
    await db.agent.create({ data: { tenantId: other.id, clientId: 'agt_other_tenant', name: 'y' } });
    const order: string[] = [];
    await scopedDb(db, tenant.id).$transaction(async (tx) => {
      await tx.agent.create({ data: { tenantId: other.id, clientId: 'agt_after_commit', name: 'x' } });
      // The transaction client is the scoped one: the other tenant's agent is not there.
      expect((await tx.agent.findMany()).map((a) => a.clientId)).toEqual(['agt_after_commit']);
      afterCommit(tx, () => order.push('hook'));
      order.push('body');
    });
    order.push('returned');
    expect(order).toEqual(['body', 'hook', 'returned']);
    // A client that is not an open transaction: the hook runs at once.
    let now = false;
    afterCommit(db, () => (now = true));
    expect(now).toBe(true);
  });

  it("waits for the commit when named through a tenantSql made from the transaction, and a committed transaction's handle runs hooks at once", async () => {
    const tenant = await db.tenant.create({ data: { slug: 'after-commit-5', name: 'E' } });
    const order: string[] = [];
    let kept: object | undefined;
    await scopedDb(db, tenant.id).$transaction(async (tx) => {
      const sql = tenantSql(tx, tenant.id);
      afterCommit(sql, () => order.push('hook'));
      order.push('body');
      kept = sql;
    });
    expect(order).toEqual(['body', 'hook']);
    afterCommit(kept!, () => order.push('late'));
    expect(order).toEqual(['body', 'hook', 'late']);
  });

  it('leaves the promise hooks off (Node 20 runs them for every promise of the process once an AsyncLocalStorage is used)', async () => {
    await db.$transaction(async (tx) => afterCommit(tx, () => undefined));
    // With promise hooks on, a promise continuation runs under its own async id; off, under 0.
    const probe = async () => {
      await null;
      return executionAsyncId();
    };
    expect([await probe(), await probe()]).toEqual([0, 0]);
  });
});

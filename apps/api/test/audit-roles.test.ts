// The audit trail against the application's own database role, on real PostgreSQL: connected as
// the API is (a member of portcullis_app), nothing that rewrites the trail works; appending
// through the chain's rules, checkpoints and retention through their functions do, and what
// retention leaves verifies. The owner deleting the start of a chain is told from retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { AuditTrailService } from '../src/audit-trail/audit-trail.service';

let app: TestApp;
let asApp: pg.Client;
let asOwner: pg.Client;
let t: Awaited<ReturnType<typeof signUpOwner>>;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'false' });
  asApp = new pg.Client({ connectionString: app.databaseUrl });
  asOwner = new pg.Client({ connectionString: app.ownerDatabaseUrl });
  await asApp.connect();
  await asOwner.connect();
  t = await signUpOwner(app.baseUrl);
  for (let i = 0; i < 3; i++) await t.client.post('/api/v1/api-tokens', { name: `t${i}`, role: 'auditor' });
  await t.client.post('/api/v1/audit/checkpoints');
});
afterAll(async () => {
  await asApp?.end();
  await asOwner?.end();
  await app?.close();
});

/** Runs `sql` as the application role in a transaction that is always rolled back. */
async function asApplication(sql: string, params: unknown[] = []) {
  await asApp.query('BEGIN');
  try {
    return await asApp.query(sql, params);
  } finally {
    await asApp.query('ROLLBACK');
  }
}

/** The tenant's newest signed head checkpoint ({ seq }), read as the application. */
async function newestHeadCheckpoint(): Promise<{ seq: string }> {
  const { rows } = await asApp.query(
    `SELECT seq FROM "AuditCheckpoint" WHERE "tenantId" = $1 AND kind = 'head' ORDER BY seq DESC LIMIT 1`,
    [t.tenantId],
  );
  return rows[0];
}

describe('the application role', () => {
  it('is not the owner and not a superuser', async () => {
    const { rows } =
      await asApp.query(`SELECT current_user AS me, rolsuper, pg_has_role(current_user, 'portcullis_app', 'MEMBER') AS member,
      (SELECT tableowner FROM pg_tables WHERE tablename = 'AuditEvent') AS owner FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0]).toMatchObject({ rolsuper: false, member: true });
    expect(rows[0].owner).not.toBe(rows[0].me);
  });

  it.each([
    ['UPDATE an event', `UPDATE "AuditEvent" SET "reason" = 'x'`],
    ['DELETE events', `DELETE FROM "AuditEvent"`],
    ['TRUNCATE events', `TRUNCATE "AuditEvent"`],
    ['disable the triggers', `ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`],
    ['drop a trigger', `DROP TRIGGER audit_event_no_delete ON "AuditEvent"`],
    [
      'write a checkpoint row',
      `INSERT INTO "AuditCheckpoint" ("id", "tenantId", "seq", "headHash", "time", "jws") VALUES (gen_random_uuid(), gen_random_uuid(), 1, repeat('0', 64), now(), 'x')`,
    ],
    ['change a checkpoint', `UPDATE "AuditCheckpoint" SET "jws" = 'x'`],
    ['delete checkpoints', `DELETE FROM "AuditCheckpoint"`],
    ['move the head', `UPDATE "AuditHead" SET "seq" = 1`],
    [
      'write a head',
      `INSERT INTO "AuditHead" ("tenantId", "seq", "hash") VALUES (gen_random_uuid(), 5, repeat('0', 64))`,
    ],
    ['replay sessions as replica (skipping triggers)', `SET session_replication_role = replica`],
  ])('cannot %s', async (_, sql) => {
    await expect(asApplication(sql)).rejects.toThrow(/permission denied|must be owner|must be superuser/);
  });

  it('cannot delete with the retention switch set', async () => {
    await asApp.query('BEGIN');
    try {
      await asApp.query(`SET LOCAL portcullis.audit_retention = 'on'`);
      await expect(
        asApp.query(`DELETE FROM "AuditEvent" WHERE "tenantId" = $1`, [t.tenantId]),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await asApp.query('ROLLBACK');
    }
  });

  it('can only append events that extend the chain', async () => {
    const head = (
      await asApp.query(`SELECT seq::int AS seq, hash FROM "AuditHead" WHERE "tenantId" = $1`, [t.tenantId])
    ).rows[0];
    const insert = (seq: number, prevHash: string) =>
      asApplication(
        `INSERT INTO "AuditEvent" ("id", "tenantId", "seq", "time", "actorType", "actorId", "action", "outcome", "details", "prevHash", "hash")
         VALUES (gen_random_uuid(), $1, $2, now(), 'system', 'x', 'gateway.call', 'success', '{}', $3, repeat('a', 64))`,
        [t.tenantId, seq, prevHash],
      );
    await expect(insert(head.seq + 2, head.hash)).rejects.toThrow(/must extend the chain/);
    await expect(insert(head.seq + 1, '0'.repeat(64))).rejects.toThrow(/must link to the hash before them/);
    await expect(insert(head.seq, head.hash)).rejects.toThrow(/duplicate key/);
  });

  it('cannot store a checkpoint for a head that is not in the chain', async () => {
    await expect(
      asApplication(`SELECT audit_write_checkpoint($1, 1, repeat('f', 64), now(), 'forged')`, [t.tenantId]),
    ).rejects.toThrow(/audit checkpoint refused/);
  });

  it('cannot apply retention to events that are not past it', async () => {
    const cp = await newestHeadCheckpoint();
    await expect(
      asApplication(`SELECT audit_apply_retention($1, $2, now(), 'x', 0, $2)`, [t.tenantId, cp.seq]),
    ).rejects.toThrow(/not all older than/);
    // One window at a time: the same check for the events of each.
    await expect(
      asApplication(`SELECT audit_apply_retention($1, $2, now(), 'x', $3, $2)`, [
        t.tenantId,
        cp.seq,
        Number(cp.seq) - 1,
      ]),
    ).rejects.toThrow(/not all older than/);
  });

  it('cannot apply retention to a window beyond its checkpoint, or an empty or reversed one', async () => {
    const cp = await newestHeadCheckpoint();
    for (const [after, upTo] of [
      [0, Number(cp.seq) + 1],
      [2, 2],
      [3, 1],
      [null, 1],
    ])
      await expect(
        asApplication(`SELECT audit_apply_retention($1, $2, now(), 'x', $3, $4)`, [
          t.tenantId,
          cp.seq,
          after,
          upTo,
        ]),
      ).rejects.toThrow(/is not within seq/);
    // The old one-statement form is gone.
    await expect(
      asApplication(`SELECT audit_apply_retention($1, $2, now(), 'x')`, [t.tenantId, cp.seq]),
    ).rejects.toThrow(/does not exist/);
  });

  it('applies retention through the function, and what remains verifies; a deleted start that retention did not sign does not', async () => {
    const anchor = Number(
      (await asOwner.query(`SELECT max(seq) AS s FROM "AuditCheckpoint" WHERE "tenantId" = $1`, [t.tenantId]))
        .rows[0].s,
    );
    await t.client.post('/api/v1/api-tokens', { name: 'after', role: 'auditor' });
    // As an operator would: one day of retention, the checkpointed events aged (as the owner,
    // triggers off: hashes cover time, so the verifier must not look at these rows again).
    await asOwner.query(`UPDATE "Tenant" SET "auditRetentionDays" = 1 WHERE id = $1`, [t.tenantId]);
    await asOwner.query('SET session_replication_role = replica');
    await asOwner.query(
      `UPDATE "AuditEvent" SET "time" = now() - interval '3 days' WHERE "tenantId" = $1 AND seq <= $2`,
      [t.tenantId, anchor],
    );
    await asOwner.query('SET session_replication_role = DEFAULT');
    expect(await app.app.get(AuditTrailService).applyRetention(t.tenantId)).toBe(anchor);
    const kinds = (
      await asApp.query(
        `SELECT kind FROM "AuditCheckpoint" WHERE "tenantId" = $1 AND seq = $2 ORDER BY kind`,
        [t.tenantId, anchor],
      )
    ).rows;
    expect(kinds.map((r) => r.kind)).toEqual(['head', 'retention']);
    const verified = (await t.client.post('/api/v1/audit/verify')).body;
    expect(verified).toMatchObject({ ok: true });

    // The owner removes the retention checkpoint: the same start now reads as a deletion.
    await asOwner.query('SET session_replication_role = replica');
    await asOwner.query(`DELETE FROM "AuditCheckpoint" WHERE "tenantId" = $1 AND kind = 'retention'`, [
      t.tenantId,
    ]);
    await asOwner.query('SET session_replication_role = DEFAULT');
    expect((await t.client.post('/api/v1/audit/verify')).body).toMatchObject({
      ok: false,
      problem: 'deleted',
      firstBrokenSeq: anchor + 1,
    });
  });
});

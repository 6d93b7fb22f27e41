// The embedded database through node-postgres, as the application uses it: several pool
// connections on PGlite's one session, whose exchanges and transactions must not mix.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, type EmbeddedDatabase } from './runtime';
import { FrameReader, queryMessage, transactionStatus } from './wire';

const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-session-test-'));
let embedded: EmbeddedDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  embedded = await openEmbeddedDatabase(dir);
  pool = new pg.Pool(embedded.poolConfig(5));
  await pool.query('CREATE TABLE t (id int primary key, note text)');
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await embedded?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the shared PGlite session', () => {
  it('answers many concurrent parameterized queries, each with its own parameters', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        pool.query('SELECT $1::int * 2 AS twice, $2::text AS label', [i, `q${i}`]),
      ),
    );
    answers.forEach((a, i) => expect(a.rows).toEqual([{ twice: i * 2, label: `q${i}` }]));
  });

  it("runs no other connection's query inside an open transaction", async () => {
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      await a.query(`INSERT INTO t VALUES (1, 'uncommitted')`);
      // Issued while a's transaction is open: if it ran inside it, it would see the row.
      const other = pool.query('SELECT count(*)::int AS n FROM t');
      for (let i = 0; i < 20; i++) await a.query('SELECT 1');
      await a.query('ROLLBACK');
      expect((await other).rows[0]).toEqual({ n: 0 });
    } finally {
      a.release();
    }
  });

  it('rolls back the transaction of a connection that goes away, and the others go on', async () => {
    const a = await pool.connect();
    await a.query('BEGIN');
    await a.query(`INSERT INTO t VALUES (2, 'abandoned')`);
    a.release(new Error('client gone')); // pg-pool destroys the connection: its stream ends
    expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows[0]).toEqual({ n: 0 });
    await pool.query(`INSERT INTO t VALUES (3, 'after')`);
    expect((await pool.query('SELECT note FROM t')).rows).toEqual([{ note: 'after' }]);
  });

  it('reports an error to its connection only, and the session stays usable', async () => {
    await expect(pool.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      await expect(a.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
      await a.query('ROLLBACK');
    } finally {
      a.release();
    }
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('refuses connections once closed', async () => {
    const other = await openEmbeddedDatabase(
      mkdtempSync(path.join(os.tmpdir(), 'portcullis-session-closed-')),
    );
    const p = new pg.Pool(other.poolConfig(1));
    expect((await p.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await p.end();
    await other.close();
    const after = new pg.Pool(other.poolConfig(1));
    await expect(after.query('SELECT 1')).rejects.toThrow(/closed/);
    await after.end();
    rmSync(other.dataDir, { recursive: true, force: true });
  });
});

describe('wire framing', () => {
  it('cuts messages out of any chunking, the start-up first', () => {
    const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
    const startup = Buffer.alloc(8 + params.length);
    startup.writeInt32BE(startup.length, 0);
    startup.writeInt32BE(196608, 4);
    params.copy(startup, 8);
    const bytes = Buffer.concat([startup, queryMessage('SELECT 1'), queryMessage('SELECT 2')]);
    for (const size of [1, 3, 7, bytes.length]) {
      const reader = new FrameReader();
      const frames = [];
      for (let i = 0; i < bytes.length; i += size) frames.push(...reader.push(bytes.subarray(i, i + size)));
      expect(frames.map((f) => (f.kind === 'message' ? f.type : f.kind))).toEqual(['startup', 'Q', 'Q']);
    }
  });

  it('refuses what is not the protocol', () => {
    expect(() => new FrameReader().push(Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]))).toThrow(/malformed/);
  });

  it('reads the transaction status that ends an answer', () => {
    expect(transactionStatus(Uint8Array.from([0x5a, 0, 0, 0, 5, 0x54]))).toBe('T');
    expect(transactionStatus(Uint8Array.from([0x43, 0, 0, 0, 5, 0x49]))).toBeUndefined();
  });
});

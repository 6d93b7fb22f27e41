// PGlite's syncs made real: the WAL a commit wrote is on disk before the commit is answered, a
// checkpoint syncs the data files, and a failed flush stops the database (durable-fs.ts).
import fs, { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { durableExchange } from './durable-fs';
import { queryMessage, transactionStatus } from './wire';

const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-durable-fs-'));
let pglite: PGlite;
let exchange: (message: Uint8Array) => Promise<Uint8Array>;

beforeAll(async () => {
  pglite = await PGlite.create(dir);
  exchange = durableExchange(pglite);
  await exchange(queryMessage('CREATE TABLE t (v text)'));
}, 60_000);

afterAll(async () => {
  await pglite?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => vi.restoreAllMocks());

/** Records the host paths a sync function is called on, and whether the answer had come yet. */
function watch(name: 'fdatasyncSync' | 'fsyncSync') {
  const synced: string[] = [];
  const real = fs[name];
  vi.spyOn(fs, name).mockImplementation((fd) => {
    synced.push(readlinkSync(`/proc/self/fd/${fd}`));
    real(fd);
  });
  return synced;
}

const WAL_SEGMENT = /\/pg_wal\/[0-9A-F]{24}$/;

describe('the embedded database syncs what PGlite would not', () => {
  it('flushes the WAL segment a commit wrote before the commit is answered', async () => {
    const synced = watch('fdatasyncSync');
    let syncedWhenAnswered = -1;
    const answer = await exchange(queryMessage("INSERT INTO t VALUES ('x')")).then((a) => {
      syncedWhenAnswered = synced.length;
      return a;
    });
    expect(transactionStatus(answer)).toBe('I');
    expect(synced.length).toBeGreaterThan(0);
    expect(syncedWhenAnswered).toBe(synced.length);
    for (const p of synced) expect(p.startsWith(fs.realpathSync(dir)) && WAL_SEGMENT.test(p), p).toBe(true);
  });

  it('syncs nothing for an exchange that wrote no WAL', async () => {
    const synced = watch('fdatasyncSync');
    await exchange(queryMessage('SELECT 1'));
    expect(synced).toEqual([]);
  });

  it('syncs the data files a checkpoint wrote', async () => {
    await exchange(queryMessage("INSERT INTO t SELECT 'y' FROM generate_series(1, 100)"));
    const synced = watch('fsyncSync');
    await exchange(queryMessage('CHECKPOINT'));
    expect(synced.some((p) => p.startsWith(path.join(fs.realpathSync(dir), 'base/')))).toBe(true);
  });

  it('fails the exchange whose flush failed, and every later one', async () => {
    vi.spyOn(fs, 'fdatasyncSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    });
    await expect(exchange(queryMessage("INSERT INTO t VALUES ('z')"))).rejects.toThrow(
      /could not flush its write-ahead log/,
    );
    await expect(exchange(queryMessage('SELECT 1'))).rejects.toThrow(/could not flush/);
  });
});

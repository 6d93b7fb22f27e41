import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEventInput } from '@portcullis/audit-core';
import { AuditSpool, ownerTag, RejectedBatch } from './audit-spool';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
const batch = (...ids: string[]) =>
  ids.map((id) => ({ id, tenantId: 't', action: 'gateway.call' }) as unknown as AuditEventInput);
const ids = (batches: AuditEventInput[][]) => batches.flat().map((e) => e.id);

describe('audit spool', () => {
  it('replays every batch in order, then removes the file', async () => {
    const d = dir();
    const spool = new AuditSpool(d);
    spool.write(batch('a', 'b'));
    spool.write(batch('c'));
    expect(statSync(path.join(d, readdirSync(d)[0]!)).mode & 0o777).toBe(0o600);
    const seen: AuditEventInput[][] = [];
    expect(await spool.replay(async (b) => seen.push(b))).toBe(3);
    expect(ids(seen)).toEqual(['a', 'b', 'c']);
    expect(readdirSync(d)).toEqual([]);
    expect(await spool.replay(async (b) => seen.push(b))).toBe(0);
  });

  it('keeps the file when the database is unreachable, for the next attempt', async () => {
    const d = dir();
    const spool = new AuditSpool(d);
    spool.write(batch('a'));
    spool.write(batch('b'));
    await expect(spool.replay(async () => Promise.reject(new Error('connection refused')))).rejects.toThrow(
      'connection refused',
    );
    expect(readdirSync(d)).toHaveLength(1);
    expect(readdirSync(d)[0]).toMatch(/^spool-/);
    // Batches replayed before the failure come again: appends are idempotent by event id.
    const seen: AuditEventInput[][] = [];
    expect(await spool.replay(async (b) => seen.push(b))).toBe(2);
    expect(ids(seen)).toEqual(['a', 'b']);
  });

  it('sets a refused batch aside and goes on with the others', async () => {
    const d = dir();
    const spool = new AuditSpool(d);
    spool.write(batch('bad'));
    spool.write(batch('good'));
    const seen: AuditEventInput[][] = [];
    const n = await spool.replay(async (b) => {
      if (b[0]!.id === 'bad') throw new RejectedBatch(new Error('foreign key violation'));
      seen.push(b);
    });
    expect(n).toBe(1);
    expect(ids(seen)).toEqual(['good']);
    const left = readdirSync(d);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^rejected-/);
    expect(JSON.parse(readFileSync(path.join(d, left[0]!), 'utf8'))[0].id).toBe('bad');
  });

  it('skips a line torn by a crash mid-write and keeps the rest', async () => {
    const d = dir();
    const spool = new AuditSpool(d);
    spool.write(batch('a'));
    const file = path.join(d, readdirSync(d)[0]!);
    appendFileSync(file, '[{"id":"tor');
    const seen: AuditEventInput[][] = [];
    expect(await spool.replay(async (b) => seen.push(b))).toBe(1);
    expect(ids(seen)).toEqual(['a']);
  });

  it("replays another process's spool, and a claim left by a process that died, but not a live one's claim", async () => {
    const d = dir();
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
        .stdout,
    );
    const live = ownerTag(process.ppid);
    writeFileSync(path.join(d, `spool-${dead}-x.ndjson`), `${JSON.stringify(batch('other'))}\n`);
    writeFileSync(path.join(d, `claimed-${ownerTag(dead)}-y.ndjson`), `${JSON.stringify(batch('orphan'))}\n`);
    writeFileSync(path.join(d, `claimed-${live}-z.ndjson`), `${JSON.stringify(batch('in-progress'))}\n`);
    const seen: AuditEventInput[][] = [];
    expect(await new AuditSpool(d).replay(async (b) => seen.push(b))).toBe(2);
    expect(ids(seen).sort()).toEqual(['orphan', 'other']);
    expect(readdirSync(d)).toEqual([`claimed-${live}-z.ndjson`]);
  });

  it('replays a claim whose PID now belongs to another process (reused PID), or that was made before a reboot', async () => {
    const d = dir();
    const [boot, , started] = ownerTag(process.ppid).split('-');
    // The parent's PID is alive, but it started at another time than the claim's owner did.
    writeFileSync(
      path.join(d, `claimed-${boot}-${process.ppid}-${Number(started) + 1}-a.ndjson`),
      `${JSON.stringify(batch('reused'))}\n`,
    );
    writeFileSync(
      path.join(d, `claimed-${'0'.repeat(32)}-${process.ppid}-${started}-b.ndjson`),
      `${JSON.stringify(batch('rebooted'))}\n`,
    );
    const seen: AuditEventInput[][] = [];
    expect(await new AuditSpool(d).replay(async (b) => seen.push(b))).toBe(2);
    expect(ids(seen).sort()).toEqual(['rebooted', 'reused']);
    expect(readdirSync(d)).toEqual([]);
  });

  it('reports its size and the time of its oldest event', () => {
    const d = dir();
    const spool = new AuditSpool(d);
    expect(spool.size()).toEqual({ bytes: 0, files: 0 });
    const time = '2026-01-01T00:00:00.000Z';
    spool.write([{ ...batch('a')[0]!, time }]);
    spool.write([{ ...batch('b')[0]!, time: '2026-02-01T00:00:00.000Z' }]);
    expect(spool.size().files).toBe(1);
    expect(spool.size().bytes).toBeGreaterThan(10);
    expect(spool.oldestEventTime()).toBe(Date.parse(time));
  });

  it('finds nothing to replay in a directory that does not exist yet', async () => {
    expect(await new AuditSpool(path.join(dir(), 'missing')).replay(async () => undefined)).toBe(0);
  });
});

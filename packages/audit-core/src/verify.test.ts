import { beforeAll, describe, expect, it } from 'vitest';
import { chainEvents } from './chain';
import { GENESIS_HASH } from './hash';
import { eventLine } from './line';
import { verifyNdjsonExport, verifyNdjsonStream } from './parse';
import type { AuditEvent } from './schema';
import {
  TENANT,
  type TenantKey,
  checkpointsAt,
  makeChain,
  makeInput,
  makeInputs,
  makeTenantKey,
} from './test-support/fixtures';
import { type VerifyOptions, type VerifyResult, startVerification, verifyChain } from './verify';

const N = 30;
let key: TenantKey;
let events: AuditEvent[];
let cps: string[];

beforeAll(async () => {
  key = await makeTenantKey('EdDSA');
  events = makeChain(N);
  cps = await checkpointsAt(events, [10, 20, 30], key);
});

const verdict = (r: VerifyResult) => ({
  ok: r.ok,
  problem: r.problem,
  firstBrokenSeq: r.firstBrokenSeq,
  verifiedCount: r.verifiedCount,
});

/**
 * Verifies `evs` as objects (verifyChain), as export lines and as an export byte stream (the
 * fast path), and checks all three give the same verdict.
 */
async function verify(evs: readonly AuditEvent[], options: VerifyOptions = {}): Promise<VerifyResult> {
  const opts: VerifyOptions = { checkpoints: cps, jwks: key.jwks, tenantId: TENANT, ...options };
  const fromObjects = await verifyChain(evs, opts);
  const header = {
    type: 'header',
    tenantId: TENANT,
    exportedAt: '2026-02-01T00:00:00.000Z',
    format: 1,
    jwks: opts.jwks,
    anchor: opts.anchor,
  };
  const lines = [
    JSON.stringify(header),
    ...[...(opts.checkpoints ?? [])].map((jws) => JSON.stringify({ type: 'checkpoint', jws })),
    ...evs.map(eventLine),
  ];
  const fromLines = await verifyNdjsonExport(lines);
  expect(verdict(fromLines)).toEqual(verdict(fromObjects));
  const bytes = Buffer.from(lines.join('\n'));
  const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) =>
    bytes.subarray(i * 1000, (i + 1) * 1000),
  );
  expect(verdict(await verifyNdjsonStream(chunks))).toEqual(verdict(fromObjects));
  return fromObjects;
}

const at = (seq: number): AuditEvent => {
  const e = events[seq - 1];
  if (!e) throw new Error(`no seq ${seq}`);
  return e;
};
const renumber = (evs: AuditEvent[], from: number, delta: number) =>
  evs.map((e, i) => (i >= from ? { ...e, seq: e.seq + delta } : e));

describe('verifyChain: an untouched chain', () => {
  it('verifies, with its head and the checkpoints that cover it', async () => {
    const r = await verify(events);
    expect(r).toMatchObject({
      ok: true,
      verifiedCount: N,
      headSeq: N,
      headHash: at(N).hash,
      checkpointCount: 3,
      lastCheckpointSeq: 30,
    });
    expect(r.message).toBe('30 events verified (seq 1..30), 3 checkpoints');
  });

  it('verifies without checkpoints but says what that cannot rule out', async () => {
    const r = await verify(events, { checkpoints: [] });
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/no signed checkpoint/);
  });

  it('verifies an empty chain', async () => {
    const r = await verifyChain([]);
    expect(r).toMatchObject({ ok: true, verifiedCount: 0, headSeq: undefined });
  });

  it('reads an async iterable, and notes events not yet covered by a checkpoint', async () => {
    const longer = chainEvents(at(N).hash, makeInputs(5), N + 1);
    async function* source() {
      yield* [...events, ...longer];
    }
    const r = await verifyChain(source(), { checkpoints: cps, jwks: key.jwks });
    expect(r).toMatchObject({ ok: true, verifiedCount: 35, lastCheckpointSeq: 30 });
    expect(r.message).toMatch(/after seq 30 are not yet covered/);
  });
});

describe('verifyChain: tampering is found with the right seq', () => {
  it('a modified event (details updated in place)', async () => {
    const evs = events.map((e) => (e.seq === 7 ? { ...e, details: { ...e.details, latencyMs: 1 } } : e));
    expect(verdict(await verify(evs))).toEqual({
      ok: false,
      problem: 'modified',
      firstBrokenSeq: 7,
      verifiedCount: 6,
    });
  });

  it('a modified hash or prevHash field', async () => {
    const badHash = events.map((e) => (e.seq === 12 ? { ...e, hash: 'f'.repeat(64) } : e));
    expect(verdict(await verify(badHash))).toMatchObject({ problem: 'modified', firstBrokenSeq: 12 });
    const badPrev = events.map((e) => (e.seq === 12 ? { ...e, prevHash: 'f'.repeat(64) } : e));
    expect(verdict(await verify(badPrev))).toMatchObject({ problem: 'modified', firstBrokenSeq: 12 });
  });

  it('an event altered and re-hashed on its own', async () => {
    const forged = chainEvents(at(6).hash, [{ ...makeInput(7), outcome: 'success' }], 7)[0] as AuditEvent;
    const evs = events.map((e) => (e.seq === 7 ? forged : e));
    expect(verdict(await verify(evs))).toEqual({
      ok: false,
      problem: 'modified',
      firstBrokenSeq: 7,
      verifiedCount: 6,
    });
  });

  it('a deleted event (seq gap)', async () => {
    const evs = events.filter((e) => e.seq !== 7);
    const r = await verify(evs);
    expect(verdict(r)).toEqual({ ok: false, problem: 'deleted', firstBrokenSeq: 7, verifiedCount: 6 });
    expect(r.message).toBe('event seq 7 is missing');
  });

  it('a deleted event with the later ones renumbered to close the gap', async () => {
    const evs = renumber(
      events.filter((e) => e.seq !== 7),
      6,
      -1,
    );
    expect(verdict(await verify(evs))).toMatchObject({ problem: 'deleted', firstBrokenSeq: 7 });
  });

  it('two rows swapped in order', async () => {
    const evs = [...events];
    [evs[6], evs[7]] = [at(8), at(7)];
    expect(verdict(await verify(evs))).toEqual({
      ok: false,
      problem: 'reordered',
      firstBrokenSeq: 7,
      verifiedCount: 6,
    });
  });

  it('two rows that swapped seq numbers', async () => {
    const evs = events.map((e) =>
      e.seq === 7 ? { ...at(8), seq: 7 } : e.seq === 8 ? { ...at(7), seq: 8 } : e,
    );
    expect(verdict(await verify(evs))).toMatchObject({ problem: 'reordered', firstBrokenSeq: 7 });
  });

  it('a forged row that reuses an existing seq, before or after the real one', async () => {
    const forged = chainEvents(at(6).hash, [makeInput(99)], 7)[0] as AuditEvent;
    const before = [...events.slice(0, 6), forged, ...events.slice(6)];
    expect(verdict(await verify(before))).toEqual({
      ok: false,
      problem: 'inserted',
      firstBrokenSeq: 7,
      verifiedCount: 6,
    });
    const after = [...events.slice(0, 7), forged, ...events.slice(7)];
    expect(verdict(await verify(after))).toMatchObject({ problem: 'inserted', firstBrokenSeq: 7 });
  });

  it('a forged row with the later rows renumbered after it', async () => {
    const forged = chainEvents(at(6).hash, [makeInput(99)], 7)[0] as AuditEvent;
    const evs = [...events.slice(0, 6), forged, ...renumber(events.slice(6), 0, 1)];
    expect(verdict(await verify(evs))).toEqual({
      ok: false,
      problem: 'inserted',
      firstBrokenSeq: 7,
      verifiedCount: 6,
    });
  });

  it("another tenant's event slipped in", async () => {
    const foreign = makeChain(7, 'tnt_other')[6] as AuditEvent;
    const evs = events.map((e) => (e.seq === 7 ? foreign : e));
    expect(verdict(await verify(evs))).toMatchObject({ problem: 'inserted', firstBrokenSeq: 7 });
  });

  it('an unreadable event', async () => {
    const r = await verifyChain([...events.slice(0, 4), 'garbage', ...events.slice(5)]);
    expect(verdict(r)).toMatchObject({ problem: 'modified', firstBrokenSeq: 5 });
  });

  it('a truncated tail (a signed checkpoint beyond the last event)', async () => {
    const r = await verify(events.slice(0, 25));
    expect(verdict(r)).toEqual({ ok: false, problem: 'truncated', firstBrokenSeq: 26, verifiedCount: 25 });
    expect(r.message).toMatch(/ends at seq 25 but a signed checkpoint covers seq 30/);
  });

  it('cannot see a cut made right after the last checkpoint (why checkpoints go out often)', async () => {
    const r = await verify(events.slice(0, 20), { checkpoints: cps.slice(0, 2) });
    expect(r).toMatchObject({ ok: true, headSeq: 20 });
  });

  it('a full rewrite with valid hashes but without the signing key', async () => {
    const inputs = makeInputs(N);
    inputs[2] = { ...(inputs[2] as (typeof inputs)[number]), outcome: 'success', reason: undefined };
    const rewritten = chainEvents(GENESIS_HASH, inputs, 1);
    expect(verdict(await verify(rewritten, { checkpoints: [] }))).toMatchObject({ ok: true });
    const r = await verify(rewritten);
    expect(verdict(r)).toEqual({
      ok: false,
      problem: 'checkpoint_mismatch',
      firstBrokenSeq: 1,
      verifiedCount: 0,
    });
  });

  it('a rewrite from the middle is narrowed to the checkpoints around it', async () => {
    const tail = chainEvents(
      at(14).hash,
      makeInputs(N - 14).map((e) => ({ ...e, reason: 'rewritten' })),
      15,
    );
    const r = await verify([...events.slice(0, 14), ...tail]);
    expect(verdict(r)).toEqual({
      ok: false,
      problem: 'checkpoint_mismatch',
      firstBrokenSeq: 11,
      verifiedCount: 10,
    });
    expect(r.message).toMatch(/between seq 11 and 20/);
  });

  it("a rewrite with checkpoints re-signed by a key that is not the tenant's", async () => {
    const attacker = await makeTenantKey('EdDSA', key.kid);
    const rewritten = chainEvents(GENESIS_HASH, makeInputs(N), 1);
    const forgedCps = await checkpointsAt(rewritten, [10, 20, 30], attacker);
    const r = await verify(rewritten, { checkpoints: forgedCps });
    expect(verdict(r)).toMatchObject({ ok: false, problem: 'bad_checkpoint', firstBrokenSeq: 10 });
  });

  it("a checkpoint of another tenant signed with this tenant's key", async () => {
    const other = makeChain(10, 'tnt_other');
    const r = await verify(events, { checkpoints: [...cps, ...(await checkpointsAt(other, [10], key))] });
    expect(verdict(r)).toMatchObject({ ok: false, problem: 'bad_checkpoint' });
  });

  it('refuses checkpoints it has no keys to check', async () => {
    await expect(verifyChain(events, { checkpoints: cps })).rejects.toThrow(TypeError);
  });
});

describe('verifyChain: a retained tail after retention', () => {
  const tail = () => events.slice(10);
  const anchor = () => ({ seq: 10, hash: at(10).hash });
  let retention: string[];
  beforeAll(async () => {
    retention = [...cps, ...(await checkpointsAt(events, [10], key, 'retention'))];
  });

  it('verifies from an anchor proven by a signed retention checkpoint', async () => {
    const r = await verify(tail(), { anchor: anchor(), checkpoints: retention });
    expect(r).toMatchObject({ ok: true, verifiedCount: 20, headSeq: 30, lastCheckpointSeq: 30 });
  });

  it('refuses an anchor that no checkpoint proves, or that differs from it', async () => {
    const unproven = await verify(tail(), { anchor: anchor(), checkpoints: cps.slice(1) });
    expect(verdict(unproven)).toMatchObject({ ok: false, problem: 'bad_checkpoint', firstBrokenSeq: 11 });
    const wrong = await verify(tail(), { anchor: { seq: 10, hash: at(9).hash }, checkpoints: retention });
    expect(verdict(wrong)).toMatchObject({ ok: false, problem: 'checkpoint_mismatch', firstBrokenSeq: 11 });
  });

  it('calls a start cut at a plain checkpoint a deletion, not retention', async () => {
    const r = await verify(tail(), { anchor: anchor() });
    expect(verdict(r)).toMatchObject({ ok: false, problem: 'deleted', firstBrokenSeq: 11, verifiedCount: 0 });
    expect(r.message).toMatch(/no signed retention checkpoint/);
  });

  it('still finds tampering after the anchor', async () => {
    const evs = tail().map((e) => (e.seq === 11 ? { ...e, details: {} } : e));
    expect(verdict(await verify(evs, { anchor: anchor(), checkpoints: retention }))).toMatchObject({
      problem: 'modified',
      firstBrokenSeq: 11,
    });
  });

  it('without an anchor, reports the missing start', async () => {
    expect(verdict(await verify(tail()))).toMatchObject({ problem: 'deleted', firstBrokenSeq: 1 });
  });

  it('rejects a malformed anchor', async () => {
    await expect(verifyChain(tail(), { anchor: { seq: 0, hash: 'x' } })).rejects.toThrow(TypeError);
  });
});

describe('verifyChain: streaming', () => {
  it('takes events pushed in batches by the caller (a database cursor, say)', async () => {
    const v = await startVerification({ checkpoints: cps, jwks: key.jwks });
    for (let i = 0; i < N; i += 7) for (const e of events.slice(i, i + 7)) expect(v.push(e)).toBe(false);
    expect(v.finish()).toMatchObject({ ok: true, verifiedCount: N });
    const broken = await startVerification();
    expect(broken.push(at(1))).toBe(false);
    expect(broken.push(at(3))).toBe(false); // a gap: waits to see whether seq 2 comes later
    expect(broken.finish()).toMatchObject({ ok: false, problem: 'deleted', firstBrokenSeq: 2 });
  });

  it('stops reading at the first break and closes the source', async () => {
    let pulled = 0;
    let closed = false;
    const broken = events.map((e) =>
      e.seq === 3 ? { ...e, action: 'gateway.call' as const, details: {} } : e,
    );
    async function* source() {
      try {
        for (const e of broken) {
          pulled++;
          yield e;
        }
      } finally {
        closed = true;
      }
    }
    const r = await verifyChain(source());
    expect(r.firstBrokenSeq).toBe(3);
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(N);
  });

  it('verifies a long lazily produced chain', async () => {
    const total = 20_000;
    async function* source() {
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= total; seq += 500) {
        const batch = chainEvents(prev, makeInputs(500), seq);
        prev = (batch.at(-1) as AuditEvent).hash;
        yield* batch;
      }
    }
    const r = await verifyChain(source());
    expect(r).toMatchObject({ ok: true, verifiedCount: total, headSeq: total });
  });
});

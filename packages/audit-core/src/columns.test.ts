import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonical';
import { hashBody } from './hash';
import { chainEvents } from './chain';
import { GENESIS_HASH } from './hash';
import {
  EVENT_COLUMNS,
  canonicalColumnsBody,
  columnsFromValues,
  entryFromColumns,
  eventFromColumns,
  type EventColumns,
} from './columns';
import { startVerification } from './verify';
import type { AuditEvent, AuditEventInput } from './schema';

/** The definition the fast path must match. */
const generic = (r: EventColumns) => canonicalJson(hashBody(eventFromColumns(r)));

function outcome(f: () => string): { text: string } | { error: string } {
  try {
    return { text: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const text = fc.string({ unit: 'binary', maxLength: 10 });
const nullable = fc.oneof(text, fc.constant(''), fc.constant(null));
/** A NOT NULL column, NULL now and then all the same: the fast path must then agree too. */
const required = fc.oneof(
  { weight: 9, arbitrary: text },
  { weight: 1, arbitrary: fc.constant(null as unknown as string) },
);
/** Rows as a database returns them, and as a hostile one could: NULLs, empty strings, odd values. */
const columns: fc.Arbitrary<EventColumns> = fc.record({
  id: fc.oneof(fc.uuid(), fc.constant(null as unknown as string)),
  tenantId: fc.oneof(fc.uuid(), fc.constant(null as unknown as string)),
  seq: fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 60n }), fc.nat()),
  time: fc.oneof(
    fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }),
    fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()),
  ),
  actorType: fc.oneof(required, fc.constant('')),
  actorId: fc.oneof(text, fc.constant(null as unknown as string)),
  actorLabel: nullable,
  action: required,
  targetType: nullable,
  targetId: nullable,
  targetLabel: nullable,
  outcome: required,
  reason: nullable,
  requestId: nullable,
  ip: nullable,
  country: nullable,
  details: fc.oneof(fc.jsonValue(), fc.dictionary(text, fc.jsonValue()), fc.constant(null)),
  prevHash: text,
  hash: text,
});

describe('canonicalColumnsBody', () => {
  it('writes exactly the generic canonical body of the event the columns stand for', () => {
    fc.assert(
      fc.property(columns, (r) => {
        expect(outcome(() => canonicalColumnsBody(r))).toEqual(outcome(() => generic(r)));
      }),
      { numRuns: 3000 },
    );
  });

  it('throws as the generic path does for a value JSON cannot hold', () => {
    const row = toColumns(sealed()[0]!);
    for (const odd of [{ details: { n: Number.NaN } }, { reason: 'x\ud800' }, { action: 'a\udfff' }]) {
      const r = { ...row, ...odd };
      expect(outcome(() => canonicalColumnsBody(r))).toEqual(outcome(() => generic(r)));
      expect('error' in outcome(() => canonicalColumnsBody(r))).toBe(true);
    }
  });
});

function sealed(): AuditEvent[] {
  const tenantId = '9744a58a-f12d-4e18-ac65-6b6a4ad10fa0';
  const inputs: AuditEventInput[] = [1, 2, 3].map((i) => ({
    id: `3f0a4b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5${i}`,
    tenantId,
    time: new Date(1_700_000_000_000 + i).toISOString(),
    actor: { type: 'agent', id: 'agt_1', ...(i === 2 ? {} : { label: 'bench' }) },
    action: 'gateway.call',
    ...(i === 3 ? {} : { target: { type: 'server', id: 'srv', label: 'example' } }),
    outcome: 'success',
    ...(i === 1 ? { reason: 'because', requestId: 'r1', ip: '10.0.0.1', country: 'FR' } : {}),
    details: { tool: 'echo', n: i, list: ['a', null], nested: { z: 1, a: [true] } },
  }));
  return chainEvents(GENESIS_HASH, inputs, 1);
}

/** What the table holds for an event: flat columns, NULL where absent. */
function toColumns(e: AuditEvent): EventColumns {
  return {
    id: e.id,
    tenantId: e.tenantId,
    seq: BigInt(e.seq),
    time: new Date(e.time),
    actorType: e.actor.type,
    actorId: e.actor.id,
    actorLabel: e.actor.label ?? null,
    action: e.action,
    targetType: e.target?.type ?? null,
    targetId: e.target?.id ?? null,
    targetLabel: e.target?.label ?? null,
    outcome: e.outcome,
    reason: e.reason ?? null,
    requestId: e.requestId ?? null,
    ip: e.ip ?? null,
    country: e.country ?? null,
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

describe('entryFromColumns', () => {
  it('verifies sealed events read back as columns, and the event is the sealed one', async () => {
    const events = sealed();
    const verifier = await startVerification();
    for (const e of events) {
      const entry = entryFromColumns(toColumns(e));
      expect(entry.selfOk()).toBe(true);
      expect(entry.event()).toEqual(e);
      expect(verifier.pushEntry(entry)).toBe(false);
    }
    expect(verifier.finish()).toMatchObject({ ok: true, verifiedCount: 3 });
  });

  it('finds a column changed after sealing, and names its seq', async () => {
    const rows = sealed().map(toColumns);
    for (const change of [
      { actorLabel: 'someone else' },
      { targetLabel: null },
      { details: { tool: 'echo', n: 2, list: ['a', null], nested: { z: 1, a: [false] } } },
      { time: new Date(0) },
      { country: 'DE' },
    ]) {
      const verifier = await startVerification();
      const tampered = rows.map((r) => (r.seq === 2n ? { ...r, ...change } : r));
      for (const r of tampered) if (verifier.pushEntry(entryFromColumns(r))) break;
      expect(verifier.finish()).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    }
  });
});

describe('columnsFromValues', () => {
  it('reads a row of values in EVENT_COLUMNS order back as the same columns', () => {
    fc.assert(
      fc.property(columns, (r) => {
        expect(columnsFromValues(EVENT_COLUMNS.map((c) => r[c]))).toEqual(r);
      }),
    );
    expect([...EVENT_COLUMNS].sort()).toEqual(Object.keys(toColumns(sealed()[0]!)).sort());
  });
});

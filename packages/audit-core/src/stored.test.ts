import { describe, expect, it } from 'vitest';
import { computeEventHash } from './hash';
import type { AuditEvent } from './schema';
import { eventFromStoredRow } from './stored';
import { makeChain } from './test-support/fixtures';
import { verifyChain } from './verify';

// What a driver typically hands back for an event row.
function asRow(e: AuditEvent): Record<string, unknown> {
  return {
    ...e,
    seq: BigInt(e.seq),
    time: new Date(e.time),
    reason: e.reason ?? null,
    target: e.target ? { ...e.target, label: e.target.label ?? null } : null,
    requestId: e.requestId ?? null,
  };
}

describe('eventFromStoredRow', () => {
  it('maps NULLs, Dates and bigints back to the sealed event, hash intact', async () => {
    const events = makeChain(8);
    const back = events.map((e) => eventFromStoredRow(asRow(e)));
    expect(back).toEqual(JSON.parse(JSON.stringify(events)));
    expect(back.every((e) => computeEventHash(e.prevHash, e) === e.hash)).toBe(true);
    expect(await verifyChain(back)).toMatchObject({ ok: true, verifiedCount: 8 });
  });

  it('keeps a null inside details, which is data', () => {
    const [e] = makeChain(1) as [AuditEvent];
    expect(eventFromStoredRow({ ...asRow(e), details: { a: null } }).details).toEqual({ a: null });
  });

  it('refuses a row that is not an event', () => {
    const [e] = makeChain(1) as [AuditEvent];
    expect(() => eventFromStoredRow({ ...asRow(e), hash: null })).toThrow();
    expect(() => eventFromStoredRow({ ...asRow(e), seq: 2n ** 60n })).toThrow(/2\^53/);
  });
});

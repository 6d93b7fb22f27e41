import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonical';
import { canonicalEventBody, hashBody } from './hash';

/** What the chain hashed before the fast path existed, and still the definition. */
function generic(event: object): string {
  return canonicalJson(hashBody(event));
}

/** The text or the error message: both paths must agree on either. */
function outcome(f: () => string): { text: string } | { error: string } {
  try {
    return { text: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const str = fc.string({ unit: 'grapheme-composite', maxLength: 12 });
// Lone surrogates (the library refuses them), numbers and nested values where a hostile row could put them.
const oddText = fc.oneof(str, fc.string({ unit: 'binary', maxLength: 6 }), fc.integer(), fc.constant(null));
const party = fc.oneof(
  fc.record(
    { type: str, id: str, label: fc.option(str, { nil: undefined }) },
    { requiredKeys: ['type', 'id'] },
  ),
  fc.record({ type: oddText, id: oddText, label: oddText }, { requiredKeys: [] }),
  fc.dictionary(str, fc.jsonValue(), { maxKeys: 4 }),
);
const field = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null), fc.constant(undefined));
/** Events of the stored layout, with absent, null and odd values where a hostile row could put them. */
const storedLayout = fc.record(
  {
    id: field(fc.uuid()),
    tenantId: field(fc.uuid()),
    seq: field(fc.oneof(fc.nat(), fc.double())),
    time: field(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    actor: field(fc.oneof(party, fc.record({ type: str, id: fc.constant(null) }))),
    action: field(str),
    target: field(party),
    outcome: field(str),
    reason: field(fc.string({ unit: 'binary', maxLength: 20 })),
    requestId: field(str),
    ip: field(str),
    country: field(str),
    details: field(fc.oneof(fc.jsonValue(), fc.dictionary(str, fc.jsonValue()))),
    prevHash: str,
    hash: str,
  },
  { requiredKeys: [] },
);

describe('canonicalEventBody', () => {
  it('writes the same text as the generic canonical form for any event of the stored layout', () => {
    fc.assert(
      fc.property(storedLayout, (event) => {
        expect(outcome(() => canonicalEventBody(event))).toEqual(outcome(() => generic(event)));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the generic form on events with fields outside the layout, and on odd values', () => {
    fc.assert(
      fc.property(storedLayout, fc.dictionary(str, fc.jsonValue()), (event, extra) => {
        const e = { ...extra, ...event };
        expect(outcome(() => canonicalEventBody(e))).toEqual(outcome(() => generic(e)));
      }),
      { numRuns: 1000 },
    );
    for (const odd of [
      { seq: Number.NaN },
      { seq: Number.POSITIVE_INFINITY },
      { seq: 10n },
      { action: Symbol('x') },
      { details: { n: Number.NaN } },
      { details: { at: new Date(0) } },
      { actor: { id: 'a', type: 't', label: null } },
      { actor: { id: 'a\ud800', type: 't' } },
      { target: { id: 'a', type: 't', extra: 'x' } },
      { target: { id: 'a', type: new String('t') } },
      { target: { id: 'a', type: 't', toJSON: () => 'x' } },
      { target: ['a'] },
      { time: new Date(0) },
      {},
    ]) {
      expect(outcome(() => canonicalEventBody(odd))).toEqual(outcome(() => generic(odd)));
    }
  });

  it('puts the fields in RFC 8785 order whatever order the event has them in', () => {
    const event = { time: 't', seq: 3, action: 'a', actor: { type: 'agent', id: 'x' }, id: 'i' };
    expect(canonicalEventBody(event)).toBe(
      '{"action":"a","actor":{"id":"x","type":"agent"},"id":"i","seq":3,"time":"t"}',
    );
  });
});

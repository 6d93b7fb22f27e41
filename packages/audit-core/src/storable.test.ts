import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { chainEvents } from './chain';
import { GENESIS_HASH } from './hash';
import {
  CUT_KEY,
  DETAILS_CAPS,
  EMPTY_MARK,
  escapeStorable,
  isCut,
  isStorable,
  storableDetails,
  storableText,
  unescapeStorable,
} from './storable';
import { FIELD_CAPS, storableInput } from './storable-input';
import { parseAuditEventInput } from './schema';
import { verifyChain } from './verify';

// Any UTF-16 code units, lone surrogates and NUL included, weighted towards the troublesome ones.
const nasty = fc.constantFrom(
  '\0',
  '\uD800',
  '\uDFFF',
  '\\',
  '\\u{',
  'u{',
  '}',
  '\uD83D\uDE00',
  'é',
  '\n',
  '\u0001',
  '…',
);
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.oneof(nasty, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    maxLength: 400,
  }),
);

/** What PostgreSQL's jsonb refuses in JSON text: a \u0000 escape or an escaped lone surrogate. */
function jsonbAccepts(value: unknown): boolean {
  const text = JSON.stringify(value);
  return (
    !/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(
      text,
    ) && isStorable(text)
  );
}

describe('storable text', () => {
  it('stores anything PostgreSQL can keep, and gives the original back when not cut', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const escaped = escapeStorable(text);
        expect(isStorable(escaped)).toBe(true);
        expect(unescapeStorable(escaped)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('is unambiguous: two different texts never store the same', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        fc.pre(a !== b);
        expect(escapeStorable(a)).not.toBe(escapeStorable(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes visibly, and leaves ordinary text (backslashes included) alone', () => {
    expect(escapeStorable('a\0b')).toBe('a\\u{0}b');
    expect(escapeStorable('x\uD800y')).toBe('x\\u{d800}y');
    expect(escapeStorable('\uDC00')).toBe('\\u{dc00}');
    expect(escapeStorable('\uD83D\uDE00')).toBe('\uD83D\uDE00');
    expect(escapeStorable('C:\\path\\to')).toBe('C:\\path\\to');
    expect(escapeStorable('\\u{0}')).toBe('\\u{5c}u{0}');
  });

  it('keeps within the cap, and a cut keeps the SHA-256 and length of the whole', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 100, max: 300 }), (text, cap) => {
        const stored = storableText(text, cap);
        expect(stored.length).toBeLessThanOrEqual(cap);
        expect(isStorable(stored)).toBe(true);
        const escaped = escapeStorable(text);
        if (escaped.length <= cap) {
          expect(stored).toBe(escaped);
          expect(isCut(stored)).toBe(false);
        } else {
          const sha = createHash('sha256').update(escaped, 'utf8').digest('hex');
          expect(stored.endsWith(`…[cut sha256:${sha} len:${escaped.length}]`)).toBe(true);
          // The head is the start of the escaped text: never half an escape or half a pair.
          const head = stored.slice(0, stored.lastIndexOf('…[cut sha256:'));
          expect(escaped.startsWith(head)).toBe(true);
          expect(unescapeStorable(head)).toBe(text.slice(0, unescapeStorable(head).length));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a cap too small for the cut marker', () => {
    expect(() => storableText('x', 20)).toThrow(RangeError);
  });
});

// Arbitrary JSON-ish details, with nasty keys and strings, deep and wide.
const details = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyText,
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    tie('object'),
  ),
  object: fc.dictionary(anyText, tie('value'), { maxKeys: 6 }),
})).object as fc.Arbitrary<Record<string, unknown>>;

describe('storable details', () => {
  it('every key and value is storable and within its cap, and the canonical form hashes it', () => {
    fc.assert(
      fc.property(details, (d) => {
        const out = storableDetails(d);
        expect(jsonbAccepts(out)).toBe(true);
        expect(JSON.stringify(out).length).toBeLessThanOrEqual(DETAILS_CAPS.bytes);
        const walk = (v: unknown, depth: number) => {
          expect(depth).toBeLessThanOrEqual(DETAILS_CAPS.depth);
          if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(DETAILS_CAPS.string);
          if (v && typeof v === 'object') {
            for (const [k, x] of Object.entries(v)) {
              expect(k.length).toBeLessThanOrEqual(DETAILS_CAPS.key);
              walk(x, depth + 1);
            }
          }
        };
        walk(out, 0);
        expect(() => canonicalJson(out)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('cuts depth, width and size with the SHA-256 of what was cut', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(JSON.stringify(storableDetails(deep))).toMatch(/\[cut depth sha256:[0-9a-f]{64} len:\d+\]/);
    const wide = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`k${String(i).padStart(3, '0')}`, i]),
    );
    const cutWide = storableDetails(wide);
    expect(Object.keys(cutWide)).toHaveLength(DETAILS_CAPS.entries + 1);
    expect(cutWide[CUT_KEY]).toMatch(/^\[cut 50 keys sha256:/);
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]));
    const cutBig = storableDetails(big);
    expect(JSON.stringify(cutBig).length).toBeLessThanOrEqual(DETAILS_CAPS.bytes);
    expect(cutBig[CUT_KEY]).toMatch(/keys over 16384 bytes sha256:/);
  });

  it('follows JSON.stringify for what JSON cannot hold, and never throws', () => {
    const cyclic: Record<string, unknown> = { n: 1n, when: new Date(0), list: [undefined, 1] };
    cyclic.self = cyclic;
    expect(storableDetails({ a: Number.NaN, b: Infinity, c: undefined, d: () => 1, e: cyclic })).toEqual({
      a: null,
      b: null,
      e: { n: '1', when: '1970-01-01T00:00:00.000Z', list: [null, 1], self: '[cycle]' },
    });
  });
});

describe('storable events', () => {
  const actorTypes = fc.constantFrom('user', 'admin_token', 'agent', 'system') as fc.Arbitrary<'agent'>;
  const event = fc.record({
    actorId: anyText,
    actorType: actorTypes,
    label: fc.option(anyText, { nil: undefined }),
    target: fc.option(
      fc.record({ type: anyText, id: anyText, label: fc.option(anyText, { nil: undefined }) }),
      { nil: undefined },
    ),
    reason: fc.option(anyText, { nil: undefined }),
    requestId: fc.option(anyText, { nil: undefined }),
    details,
  });

  it('seals any event into a chain that verifies, with every field within its cap', async () => {
    const tenantId = randomUUID();
    const samples = fc.sample(event, 300);
    const inputs = samples.map((s) =>
      storableInput({
        id: randomUUID(),
        tenantId,
        time: new Date().toISOString(),
        actor: { type: s.actorType, id: s.actorId, ...(s.label !== undefined ? { label: s.label } : {}) },
        action: 'gateway.call',
        outcome: 'success',
        ...(s.target ? { target: s.target } : {}),
        ...(s.reason !== undefined ? { reason: s.reason } : {}),
        ...(s.requestId !== undefined ? { requestId: s.requestId } : {}),
        details: s.details,
      }),
    );
    for (const i of inputs) {
      expect(jsonbAccepts(i)).toBe(true);
      expect(i.actor.id.length).toBeLessThanOrEqual(FIELD_CAPS.actorId);
      expect((i.reason ?? '').length).toBeLessThanOrEqual(FIELD_CAPS.reason);
      expect((i.target?.type ?? '').length).toBeLessThanOrEqual(FIELD_CAPS.targetType);
    }
    // Through a JSON round trip, as the rows come back from the database.
    const events = JSON.parse(JSON.stringify(chainEvents(GENESIS_HASH, inputs, 1)));
    expect(await verifyChain(events)).toMatchObject({ ok: true, verifiedCount: inputs.length });
  });

  it('writes an empty identifier as \\u{} and leaves out an empty optional text', () => {
    const input = storableInput({
      id: randomUUID(),
      tenantId: randomUUID(),
      time: new Date().toISOString(),
      actor: { type: 'agent', id: '', label: '' },
      action: 'token.denied',
      outcome: 'denied',
      reason: '',
      requestId: '',
    });
    expect(input.actor).toEqual({ type: 'agent', id: EMPTY_MARK });
    expect(input).not.toHaveProperty('reason');
    expect(input).not.toHaveProperty('requestId');
  });

  it("carries ip and country as given, and a field of the caller's own through to the schema, which refuses it", () => {
    const base = {
      id: randomUUID(),
      tenantId: randomUUID(),
      time: new Date().toISOString(),
      actor: { type: 'agent' as const, id: 'agt_1', label: 'a\u0000b' },
      action: 'gateway.call' as const,
      outcome: 'success' as const,
      target: { type: 'server', id: 'srv_1' },
      ip: '192.0.2.1',
      country: 'FR',
      details: { tool: 'echo' },
    };
    const input = storableInput(base);
    expect(input).toEqual({ ...base, actor: { type: 'agent', id: 'agt_1', label: 'a\\u{0}b' } });
    expect(parseAuditEventInput(input)).toEqual(input);
    const own = storableInput({ ...base, extra: 'x' } as typeof base);
    expect(own).toMatchObject({ extra: 'x', actor: { label: 'a\\u{0}b' }, ip: '192.0.2.1', country: 'FR' });
    expect(() => parseAuditEventInput(own)).toThrow(/extra|Unrecognized/);
  });
});

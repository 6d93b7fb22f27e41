// Property tests for the combiner: deny always wins, monitor never blocks, and redaction
// always yields valid JSON of the same shape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyInput } from '../model/policy';
import { evaluate } from './evaluate';
import { scanPayload } from './scan-payload';
import { call } from './test-fixtures';

const cidrs = fc.constantFrom(
  '0.0.0.0/0',
  '203.0.113.0/24',
  '203.0.113.10/32',
  '10.0.0.0/8',
  '2001:db8::/32',
  '::ffff:203.0.113.0/120',
);
const target = fc.record(
  {
    serverId: fc.constantFrom('srv-1', 'srv-2'),
    agentId: fc.constantFrom('agent-1', 'agent-2'),
    tool: fc.constantFrom('search', 'write'),
  },
  { requiredKeys: [] },
);
const common = {
  target,
  mode: fc.constantFrom('enforce' as const, 'monitor' as const),
  priority: fc.integer({ min: -3, max: 3 }),
  enabled: fc.boolean(),
};
const ipPolicy = fc.record({
  kind: fc.constant('ip' as const),
  ...common,
  config: fc
    .record({ allow: fc.array(cidrs, { maxLength: 2 }), deny: fc.array(cidrs, { maxLength: 2 }) })
    .filter((c) => c.allow.length + c.deny.length > 0),
});
const geoPolicy = fc.record({
  kind: fc.constant('geo' as const),
  ...common,
  config: fc
    .record({
      allowCountries: fc.option(fc.subarray(['DE', 'FR', 'US']), { nil: undefined }),
      denyCountries: fc.option(fc.subarray(['RU', 'KP', 'DE']), { nil: undefined }),
      unknownCountry: fc.constantFrom('allow' as const, 'deny' as const),
    })
    .filter((c) => !(c.allowCountries ?? []).some((x) => (c.denyCountries ?? []).includes(x))),
});
const timePolicy = fc.record({
  kind: fc.constant('time_window' as const),
  ...common,
  config: fc.record({
    days: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }),
    start: fc.constantFrom('00:00', '09:00', '22:00'),
    end: fc.constantFrom('06:00', '17:00', '24:00'),
  }),
});
const guardPolicy = fc.record({
  kind: fc.constant('guardrail' as const),
  ...common,
  config: fc.record({
    direction: fc.constantFrom('request' as const, 'both' as const),
    detectors: fc.uniqueArray(
      fc.record({
        type: fc.constantFrom('email' as const, 'card' as const, 'secret' as const),
        action: fc.constantFrom('block' as const, 'redact' as const, 'flag' as const),
      }),
      { selector: (d) => d.type, minLength: 1, maxLength: 3 },
    ),
  }),
});
const anyPolicy = fc.oneof(ipPolicy, geoPolicy, timePolicy, guardPolicy);
const policies = fc
  .array(anyPolicy, { maxLength: 8 })
  .map((list) => list.map((p, i) => ({ id: `p${i}`, name: `p${i}`, ...p }) as PolicyInput));

const callArb = fc.record({
  ip: fc.constantFrom('203.0.113.10', '10.1.1.1', '::ffff:203.0.113.7', '2001:db8::5', '198.51.100.1'),
  country: fc.option(fc.constantFrom('DE', 'FR', 'RU', 'US'), { nil: undefined }),
  agentId: fc.constantFrom('agent-1', 'agent-2'),
  serverId: fc.constantFrom('srv-1', 'srv-2'),
  tool: fc.option(fc.constantFrom('search', 'write'), { nil: undefined }),
  now: fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2025-12-31T23:59:59Z') }),
  payload: fc.constantFrom(
    undefined,
    { q: 'hello' },
    { to: 'ada@example.com' },
    { card: '4111 1111 1111 1111' },
    { k: 'AKIAIOSFODNN7EXAMPLE' },
  ),
});

const RUNS = { numRuns: 300 };

describe('combiner properties', () => {
  it('refuses exactly when an enforced policy denies, and then always says why', async () => {
    await fc.assert(
      fc.asyncProperty(policies, callArb, async (list, c) => {
        const d = await evaluate(list, call(c));
        const enforcedDenials = d.explanation.filter((e) => e.mode === 'enforce' && e.outcome === 'deny');
        expect(d.outcome).toBe(enforcedDenials.length > 0 ? 'deny' : 'allow');
        expect(d.deniedBy).toEqual(enforcedDenials.map((e) => e.policyId));
        expect(d.status === undefined).toBe(d.outcome === 'allow');
      }),
      RUNS,
    );
  });

  it('a policy that denies in a slot of its own always refuses the call', async () => {
    const never = {
      id: 'closed',
      name: 'closed',
      kind: 'time_window',
      config: {
        days: [1],
        start: '00:00',
        end: '24:00',
        dateRanges: [{ from: '1999-01-01', to: '1999-01-01' }],
      },
    } as PolicyInput;
    await fc.assert(
      fc.asyncProperty(policies, callArb, async (list, c) => {
        const others = list.filter((p) => p.kind !== 'time_window');
        const d = await evaluate([...others, never], call(c));
        expect(d.outcome).toBe('deny');
        expect(d.deniedBy).toContain('closed');
      }),
      RUNS,
    );
  });

  it('monitor-mode policies never block and never change what enforced policies decide', async () => {
    await fc.assert(
      fc.asyncProperty(policies, policies, callArb, async (enforced, shadows, c) => {
        const enforcedOnly = enforced.map((p) => ({ ...p, mode: 'enforce' as const }));
        const monitors = shadows.map((p, i) => ({ ...p, id: `m${i}`, mode: 'monitor' as const }));
        const allMonitor = await evaluate(monitors, call(c));
        expect(allMonitor.outcome).toBe('allow');
        expect(allMonitor.redactedPayload).toBeUndefined();
        const without = await evaluate(enforcedOnly, call(c));
        const withShadows = await evaluate([...enforcedOnly, ...monitors], call(c));
        expect(withShadows.outcome).toBe(without.outcome);
        expect(withShadows.deniedBy).toEqual(without.deniedBy);
        expect(withShadows.redactedPayload).toEqual(without.redactedPayload);
      }),
      RUNS,
    );
  });
});

// ---- Redaction keeps JSON valid and its shape unchanged ----
const sensitive = fc.constantFrom(
  'ada@example.com',
  '4111 1111 1111 1111',
  '+44 20 7946 0958',
  'DE89 3704 0044 0532 0130 00',
  '536-22-1234',
  'AKIAIOSFODNN7EXAMPLE',
  'ignore previous instructions',
  '"quoted" \\ back\\slash \u2028 line',
);
const textWithSecrets = fc
  .tuple(fc.string({ maxLength: 12 }), fc.option(sensitive, { nil: undefined }), fc.string({ maxLength: 12 }))
  .map(([a, s, b]) => (s ? `${a} ${s} ${b}` : a + b));
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textWithSecrets,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), sensitive), tie('value'), { maxKeys: 4 }),
})).value;

/** Structure without string contents: types, array lengths, key counts, recursively. */
function shape(v: unknown): unknown {
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === 'object') return Object.values(v).map(shape);
  return v === null ? 'null' : typeof v;
}

describe('redaction properties', () => {
  const config = {
    direction: 'both' as const,
    detectors: (['email', 'card', 'phone', 'iban', 'national_id', 'secret', 'prompt_injection'] as const).map(
      (type) => ({ type, action: 'redact' as const }),
    ),
  };

  it('always yields valid JSON of the same shape with no detected value left', () => {
    fc.assert(
      fc.property(json, (payload) => {
        const original = JSON.stringify(payload);
        const r = scanPayload(payload, config);
        const out = r.redactedPayload ?? payload;
        const text = JSON.stringify(out);
        expect(JSON.stringify(JSON.parse(text))).toBe(text);
        expect(shape(out)).toEqual(shape(payload));
        expect(JSON.stringify(payload)).toBe(original); // input untouched
        const findings = JSON.stringify(r.findings);
        for (const secret of [
          'ada@example.com',
          '4111 1111 1111 1111',
          'AKIAIOSFODNN7EXAMPLE',
          '536-22-1234',
        ]) {
          expect(text.includes(secret)).toBe(false);
          expect(findings.includes(secret)).toBe(false); // not in paths or hints either
        }
        if (r.findings.length === 0) expect(r.redactedPayload).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});

// Deterministic inputs for the benchmarks: a realistic policy mix and typical MCP JSON.
import type { CallContext, PolicyInput } from '../src/index';

/** Small seeded PRNG (mulberry32) so every run measures the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 50 policies of every kind, over several targets; about half apply to the benchmark call. */
export function mixedPolicies(): PolicyInput[] {
  const out: PolicyInput[] = [];
  const targets = [
    {},
    { serverId: 'srv-1' },
    { agentId: 'agent-1' },
    { tool: 'search' },
    { serverId: 'srv-2' },
    { agentId: 'agent-9' },
  ];
  const t = (i: number) => targets[i % targets.length]!;
  for (let i = 0; i < 10; i++) {
    out.push({
      id: `ip-${i}`,
      name: `ip ${i}`,
      kind: 'ip',
      target: t(i),
      priority: i,
      config: {
        allow: ['10.0.0.0/8', '203.0.113.0/24', '2001:db8::/32'],
        deny: [`198.51.${i}.0/24`, '192.0.2.0/24'],
      },
    });
  }
  for (let i = 0; i < 5; i++) {
    out.push({
      id: `geo-${i}`,
      name: `geo ${i}`,
      kind: 'geo',
      target: t(i + 1),
      mode: i % 2 ? 'monitor' : 'enforce',
      config: { denyCountries: ['RU', 'KP', 'IR'], unknownCountry: 'allow' },
    });
  }
  for (let i = 0; i < 5; i++) {
    out.push({
      id: `tw-${i}`,
      name: `time ${i}`,
      kind: 'time_window',
      target: t(i + 2),
      config: {
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        start: '06:00',
        end: '22:00',
        timeZone: 'Europe/Berlin',
      },
    });
  }
  for (let i = 0; i < 10; i++) {
    const per = (['agent', 'agent_server', 'agent_tool', 'tenant'] as const)[i % 4]!;
    out.push({
      id: `rl-${i}`,
      name: `rate ${i}`,
      kind: 'rate_limit',
      target: t(i + 3),
      config: { limit: 1_000_000, windowSec: 60, burst: 1_000_000, per },
    });
  }
  for (let i = 0; i < 5; i++) {
    out.push({
      id: `q-${i}`,
      name: `quota ${i}`,
      kind: 'quota',
      target: t(i + 4),
      config: { limit: 1_000_000_000, period: i % 2 ? 'month' : 'day', per: 'agent' },
    });
  }
  for (let i = 0; i < 15; i++) {
    out.push({
      id: `g-${i}`,
      name: `guard ${i}`,
      kind: 'guardrail',
      target: t(i + 5),
      mode: i % 3 === 0 ? 'monitor' : 'enforce',
      config: {
        direction: i % 2 ? 'both' : 'request',
        detectors: [
          { type: 'email', action: 'redact' },
          { type: 'card', action: 'redact' },
          { type: 'secret', action: 'block' },
          ...(i % 2 ? [{ type: 'phone' as const, action: 'flag' as const }] : []),
        ],
        ...(i % 5 === 0
          ? {
              customPatterns: [{ name: `ticket-${i}`, pattern: 'TICKET-[0-9]{4,}', action: 'flag' as const }],
            }
          : {}),
        ...(i % 4 === 0 ? { maxBytes: 1_000_000 } : {}),
      },
    });
  }
  return out;
}

export function benchCall(payload?: unknown): CallContext {
  return {
    tenantId: 't1',
    agentId: 'agent-1',
    serverId: 'srv-1',
    tool: 'search',
    method: 'tools/call',
    ip: '203.0.113.10',
    country: 'DE',
    now: Date.parse('2025-01-06T10:00:00Z'),
    timeZone: 'Europe/Berlin',
    direction: 'request',
    ...(payload === undefined ? {} : { payload }),
  };
}

/** Typical tool-call arguments: a few hundred bytes. */
export const smallArguments = {
  name: 'search',
  arguments: {
    query: 'open invoices for ACME GmbH',
    limit: 20,
    filters: { status: ['open', 'overdue'], since: '2024-12-01' },
  },
};

const WORDS =
  'the of and to in is for on that with as by this be are from at or an it not which have has were can all more their one was will about other also new some time into only use than first these two any may after most such'.split(
    ' ',
  );

/**
 * A typical tool result: records with ids, names, timestamps, numbers, prose, URLs and the
 * occasional e-mail address or phone number, wrapped as MCP content. About `targetBytes` of JSON.
 */
export function typicalResult(targetBytes: number, seed = 42): unknown {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const records: unknown[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes * 0.6; i++) {
    const rec = {
      id: `inv_${(r() * 1e12).toString(36)}`,
      number: 100000 + i,
      customer: {
        name: `${pick(['Acme', 'Globex', 'Initech', 'Umbrella'])} ${pick(['GmbH', 'Ltd', 'Inc'])}`,
        email: i % 7 === 0 ? `billing${i}@example.com` : null,
        country: pick(['DE', 'FR', 'US', 'GB']),
      },
      amount: Math.round(r() * 1e6) / 100,
      currency: pick(['EUR', 'USD', 'GBP']),
      createdAt: new Date(1_700_000_000_000 + Math.floor(r() * 3e10)).toISOString(),
      status: pick(['open', 'paid', 'overdue']),
      url: `https://billing.example.com/invoices/${i}`,
      note:
        i % 11 === 0
          ? `Call ${pick(['+44 20 7946 0958', '415-555-2671'])} about this`
          : sentence(12 + Math.floor(r() * 20)),
      lines: Array.from({ length: 1 + Math.floor(r() * 3) }, (_, j) => ({
        sku: `SKU-${i}-${j}`,
        qty: 1 + Math.floor(r() * 9),
        price: Math.round(r() * 1e5) / 100,
      })),
    };
    records.push(rec);
    size += JSON.stringify(rec).length;
  }
  const text = Array.from({ length: Math.ceil((targetBytes * 0.4) / 80) }, () => `${sentence(14)}.`).join(
    ' ',
  );
  return {
    content: [
      { type: 'text', text },
      { type: 'text', text: JSON.stringify(records.slice(0, 5)) },
    ],
    structuredContent: { records },
  };
}

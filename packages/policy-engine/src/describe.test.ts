import { describe, expect, it } from 'vitest';
import { describePolicy } from './describe';
import { parsePolicy } from './model/validate';

const d = (input: Record<string, unknown>) => describePolicy(parsePolicy({ id: 'p', name: 'p', ...input }));

describe('describePolicy', () => {
  it('renders rate limits and quotas', () => {
    expect(d({ kind: 'rate_limit', config: { limit: 100, windowSec: 60, burst: 20, per: 'agent' } })).toBe(
      'At most 100 requests per 60 s per agent or person (burst 20), enforced; lets calls through when the counter store is unreachable',
    );
    expect(
      d({
        kind: 'rate_limit',
        mode: 'monitor',
        target: { tool: 'search' },
        config: { limit: 1, windowSec: 3600, burst: 1, per: 'agent_tool', strict: true },
      }),
    ).toBe(
      "At most 1 request per hour per agent and tool (burst 1) for tool 'search', monitored only (never blocks); refuses calls when the counter store is unreachable",
    );
    expect(
      d({ kind: 'quota', failMode: 'closed', config: { limit: 10000, period: 'month', per: 'tenant' } }),
    ).toBe(
      'At most 10000 requests per calendar month for the whole tenant, enforced; refuses calls when the counter store is unreachable',
    );
  });

  it('renders IP and geo policies', () => {
    expect(
      d({
        kind: 'ip',
        target: { serverId: 'srv-1', agentId: 'a1' },
        config: { allow: ['10.0.0.0/8', '192.168.0.0/16'], deny: ['10.6.6.0/24'] },
      }),
    ).toBe(
      "Allows only 10.0.0.0/8 and 192.168.0.0/16; denies 10.6.6.0/24 for server 'srv-1', agent 'a1', enforced",
    );
    expect(
      d({ kind: 'geo', enabled: false, config: { denyCountries: ['RU', 'KP'], unknownCountry: 'allow' } }),
    ).toBe('Denies calls from RU and KP; unknown countries allowed, enforced (disabled)');
  });

  it('renders time windows, including ones that end the next day', () => {
    expect(
      d({
        kind: 'time_window',
        config: {
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          start: '09:00',
          end: '17:00',
          timeZone: 'Europe/Berlin',
        },
      }),
    ).toBe('Allows calls Mon-Fri 09:00-17:00 in Europe/Berlin, enforced');
    expect(
      d({
        kind: 'time_window',
        config: {
          days: [5],
          start: '22:00',
          end: '06:00',
          dateRanges: [{ from: '2025-12-24', to: '2025-12-26' }],
        },
      }),
    ).toBe(
      "Allows calls Fri 22:00-06:00 (ending the next day) in the tenant's time zone, only on 2025-12-24 to 2025-12-26, enforced",
    );
  });

  it('renders guardrails by action', () => {
    expect(
      d({
        kind: 'guardrail',
        config: {
          direction: 'both',
          detectors: [
            { type: 'secret', action: 'block' },
            { type: 'email', action: 'redact' },
            { type: 'card', action: 'redact' },
            { type: 'phone', action: 'flag' },
          ],
          customPatterns: [{ name: 'ticket', pattern: 'T-\\d+', action: 'flag' }],
          maxBytes: 1048576,
        },
      }),
    ).toBe(
      "On requests and responses: blocks secrets and keys; redacts e-mail addresses and payment card numbers; flags phone numbers and pattern 'ticket'; blocks payloads over 1 MiB, enforced",
    );
  });
});

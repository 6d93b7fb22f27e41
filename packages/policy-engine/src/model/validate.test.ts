import { describe, expect, it } from 'vitest';
import { formatPath, parsePolicy, validatePolicy, validatePolicyConfig } from './validate';

const errors = (input: unknown) => {
  const r = validatePolicy(input);
  return r.ok ? [] : r.errors.map((e) => [e.field, e.message]);
};
const base = { id: 'p1', name: 'Policy one' };

describe('validatePolicy', () => {
  it('applies defaults to a minimal policy', () => {
    const p = parsePolicy({ ...base, kind: 'ip', config: { deny: ['10.0.0.0/8'] } });
    expect(p).toEqual({
      ...base,
      kind: 'ip',
      target: {},
      mode: 'enforce',
      priority: 0,
      enabled: true,
      config: { allow: [], deny: ['10.0.0.0/8'] },
    });
  });

  it('names the bad CIDR entry by index', () => {
    expect(
      errors({
        ...base,
        kind: 'ip',
        config: { allow: ['10.0.0.0/8', '10.0.0.300/8'], deny: ['2001:db8::1/32'] },
      }),
    ).toEqual([
      ['config.allow[1]', "'10.0.0.300/8' is not a valid IPv4 or IPv6 CIDR"],
      ['config.deny[0]', "'2001:db8::1/32' has host bits set; did you mean '2001:db8::/32'?"],
    ]);
    expect(errors({ ...base, kind: 'ip', config: {} })).toEqual([
      ['config.allow', 'list at least one CIDR in allow or deny'],
    ]);
  });

  it('reports every field of a broken rate limit', () => {
    expect(
      errors({
        name: '',
        kind: 'rate_limit',
        mode: 'audit',
        priority: 1.5,
        config: { limit: 0, windowSec: 1.5, per: 'user', extra: true },
      }),
    ).toEqual([
      ['id', 'is required'],
      ['name', 'must not be empty'],
      ['mode', "must be 'enforce' or 'monitor'"],
      ['priority', 'must be an integer'],
      ['config.limit', 'must be at least 1'],
      ['config.windowSec', 'must be an integer'],
      ['config.burst', 'is required'],
      ['config.per', 'must be one of agent, agent_server, agent_tool, client, tenant'],
      ['config', 'Unrecognized key: "extra"'],
    ]);
  });

  it('rejects an unknown kind and unknown target fields', () => {
    expect(errors({ ...base, kind: 'magic', config: {} })).toEqual([
      ['kind', 'kind must be one of rate_limit, quota, ip, geo, time_window, guardrail'],
    ]);
    expect(
      errors({ ...base, kind: 'ip', target: { server: 'x' }, config: { deny: ['10.0.0.0/8'] } }),
    ).toEqual([['target', 'Unrecognized key: "server"']]);
  });

  it('validates geo country codes and conflicts', () => {
    expect(
      errors({
        ...base,
        kind: 'geo',
        config: { allowCountries: ['de', 'USA'], denyCountries: ['FR'], unknownCountry: 'maybe' },
      }),
    ).toEqual([
      ['config.allowCountries[1]', "'USA' is not an ISO 3166-1 alpha-2 country code"],
      ['config.unknownCountry', "must be 'allow' or 'deny'"],
    ]);
    expect(
      errors({
        ...base,
        kind: 'geo',
        config: { allowCountries: ['de'], denyCountries: ['DE'], unknownCountry: 'deny' },
      }),
    ).toEqual([['config.denyCountries[0]', "'DE' is in both allowCountries and denyCountries"]]);
    expect(
      parsePolicy({ ...base, kind: 'geo', config: { allowCountries: ['de'], unknownCountry: 'deny' } })
        .config,
    ).toEqual({ allowCountries: ['DE'], unknownCountry: 'deny' });
  });

  it('validates time windows', () => {
    expect(
      errors({
        ...base,
        kind: 'time_window',
        config: { days: ['mon', 7, 'funday'], start: '9:00', end: '25:00', timeZone: 'Mars/Base' },
      }),
    ).toEqual([
      ['config.timeZone', "'Mars/Base' is not an IANA time zone"],
      [
        'config.days[1]',
        "must be 0-6 (0 = Sunday) or one of 'sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'",
      ],
      [
        'config.days[2]',
        "must be 0-6 (0 = Sunday) or one of 'sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'",
      ],
      ['config.start', "'9:00' is not a time of day HH:MM"],
      ['config.end', "'25:00' is not a time of day HH:MM (or 24:00)"],
    ]);
    expect(
      errors({
        ...base,
        kind: 'time_window',
        config: {
          days: [1, 'mon'],
          start: '09:00',
          end: '09:00',
          dateRanges: [
            { from: '2025-02-30', to: '2025-03-01' },
            { from: '2025-05-02', to: '2025-05-01' },
          ],
        },
      }),
    ).toEqual([
      ['config.dateRanges[0].from', "'2025-02-30' is not a calendar date YYYY-MM-DD"],
      ['config.dateRanges[1].to', "'to' (2025-05-01) is before 'from' (2025-05-02)"],
      ['config.end', 'start and end must differ (use 00:00 to 24:00 for the whole day)'],
      ['config.days[1]', "day 'mon' is listed twice"],
    ]);
  });

  it('validates guardrails, including RE2 syntax of admin patterns', () => {
    expect(
      errors({
        ...base,
        kind: 'guardrail',
        config: {
          direction: 'up',
          detectors: [
            { type: 'email', action: 'redact' },
            { type: 'dna', action: 'block' },
          ],
          customPatterns: [
            { name: 'look-ahead', pattern: 'a(?=b)', action: 'flag' },
            { name: 'empty', pattern: 'x*', action: 'flag' },
            { name: 'bad name!', pattern: 'x', action: 'erase' },
          ],
        },
      }),
    ).toEqual([
      ['config.direction', "must be 'request', 'response' or 'both'"],
      [
        'config.detectors[1].type',
        'must be one of email, phone, card, iban, national_id, secret, prompt_injection',
      ],
      [
        'config.customPatterns[0].pattern',
        'not a valid RE2 pattern: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
      ],
      ['config.customPatterns[1].pattern', 'must not match the empty string'],
      ['config.customPatterns[2].name', 'must be 1-64 letters, digits, _ . or - (it appears in redactions)'],
      ['config.customPatterns[2].action', "must be 'block', 'redact' or 'flag'"],
    ]);
    expect(errors({ ...base, kind: 'guardrail', config: { direction: 'both' } })).toEqual([
      ['config.detectors', 'configure at least one detector, custom pattern or maxBytes'],
    ]);
    expect(
      errors({
        ...base,
        kind: 'guardrail',
        config: {
          direction: 'both',
          detectors: [
            { type: 'email', action: 'flag' },
            { type: 'email', action: 'block' },
          ],
        },
      }),
    ).toEqual([['config.detectors[1].type', "detector 'email' is listed twice"]]);
  });

  it('validates a config on its own with paths relative to it', () => {
    const r = validatePolicyConfig('quota', { limit: 10, period: 'week', per: 'agent' });
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: ['period'], field: 'period', message: "must be 'day' or 'month'", code: 'invalid_value' },
      ],
    });
    expect(validatePolicyConfig('quota', { limit: 10, period: 'day', per: 'agent' })).toEqual({
      ok: true,
      value: { limit: 10, period: 'day', per: 'agent' },
    });
  });

  it('formats paths', () => {
    expect(formatPath(['config', 'customPatterns', 2, 'name'])).toBe('config.customPatterns[2].name');
    expect(formatPath([])).toBe('');
    expect(() => parsePolicy({ kind: 'ip' })).toThrow(/id: is required/);
  });
});

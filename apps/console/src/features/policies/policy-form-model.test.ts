import { describe, expect, it } from 'vitest';
import { PolicyView } from '@portcullis/sdk';
import {
  draftFromForm,
  draftFromPolicy,
  errorAt,
  formFromPolicy,
  newPolicyForm,
  numberOrText,
  parseDateRange,
  splitCodes,
  fieldLabel,
} from './policy-form-model';

/** A stored policy as the API answers it: parsed by the contract, so each fixture is a valid policy of its kind. */
const view = (policy: Record<string, unknown>): PolicyView =>
  PolicyView.parse({
    id: '00000000-0000-4000-8000-000000000001',
    name: 'P',
    target: {},
    mode: 'enforce',
    priority: 0,
    enabled: true,
    description: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...policy,
  });

describe('policy form', () => {
  it('turns a new rate limit into a draft, the burst defaulting to the limit', () => {
    const form = newPolicyForm('rate_limit');
    form.common.name = ' Two a minute ';
    form.common.agentId = 'agent-1';
    form.common.failMode = 'closed';
    form.config.rate_limit = { limit: '2', windowSec: '60', burst: '', per: 'agent', strict: true };
    expect(draftFromForm(form)).toEqual({
      name: 'Two a minute',
      kind: 'rate_limit',
      target: { agentId: 'agent-1' },
      mode: 'enforce',
      priority: 0,
      enabled: true,
      failMode: 'closed',
      config: { limit: 2, windowSec: 60, burst: 2, per: 'agent', strict: true },
    });
  });

  it('leaves what is not a number as text, for the API to name the problem', () => {
    expect(numberOrText(' 12 ')).toBe(12);
    expect(numberOrText('')).toBeUndefined();
    expect(numberOrText('ten')).toBe('ten');
    const form = newPolicyForm('quota');
    form.config.quota.limit = '';
    form.common.failMode = 'open';
    form.common.mode = 'monitor';
    expect(draftFromForm(form)).toMatchObject({
      mode: 'monitor',
      failMode: 'open',
      config: { period: 'day', per: 'agent' },
    });
    expect(draftFromForm(form).config).not.toHaveProperty('limit');
  });

  it('splits lists: CIDRs by line, countries by comma or space, date ranges', () => {
    const form = newPolicyForm('ip');
    form.config.ip = { allow: '10.0.0.0/8\n\n 2001:db8::/32 ', deny: '' };
    form.common.failMode = 'closed'; // not a limit: dropped
    expect(draftFromForm(form)).toMatchObject({
      config: { allow: ['10.0.0.0/8', '2001:db8::/32'], deny: [] },
    });
    expect(draftFromForm(form)).not.toHaveProperty('failMode');
    expect(splitCodes('fr, de;us  ch')).toEqual(['FR', 'DE', 'US', 'CH']);
    expect(parseDateRange('2026-12-24 to 2026-12-31')).toEqual({ from: '2026-12-24', to: '2026-12-31' });
    expect(parseDateRange('2026-12-24')).toEqual({ from: '2026-12-24', to: '2026-12-24' });
    const tw = newPolicyForm('time_window');
    tw.config.time_window = {
      timeZone: ' Europe/Paris ',
      days: [5, 1],
      start: '09:00',
      end: '24:00',
      dateRanges: '2026-12-24..2026-12-26',
    };
    expect(draftFromForm(tw).config).toEqual({
      timeZone: 'Europe/Paris',
      days: [1, 5],
      start: '09:00',
      end: '24:00',
      dateRanges: [{ from: '2026-12-24', to: '2026-12-26' }],
    });
  });

  it('reads every kind back from a stored policy', () => {
    const geo = formFromPolicy(
      view({
        kind: 'geo',
        config: { denyCountries: ['RU', 'KP'], unknownCountry: 'deny' },
        target: { serverId: 's1', tool: 'echo' },
      }),
    );
    expect(geo.common).toMatchObject({ kind: 'geo', serverId: 's1', tool: 'echo', agentId: '' });
    expect(geo.config.geo).toEqual({ allowCountries: '', denyCountries: 'RU, KP', unknownCountry: 'deny' });
    const tw = formFromPolicy(
      view({
        kind: 'time_window',
        config: {
          days: ['fri', 1],
          start: '22:00',
          end: '06:00',
          dateRanges: [{ from: '2026-01-01', to: '2026-01-01' }],
        },
      }),
    );
    expect(tw.config.time_window).toMatchObject({ days: [1, 5], dateRanges: '2026-01-01', timeZone: '' });
    const g = formFromPolicy(
      view({
        kind: 'guardrail',
        config: {
          direction: 'response',
          detectors: [{ type: 'email', action: 'redact' }],
          customPatterns: [{ name: 'ticket', pattern: 'T-\\d+', action: 'flag' }],
          maxBytes: 1000,
        },
      }),
    );
    expect(g.config.guardrail).toMatchObject({
      direction: 'response',
      detectors: { email: 'redact' },
      maxBytes: '1000',
    });
    expect(g.config.guardrail.customPatterns[0]).toMatchObject({
      name: 'ticket',
      pattern: 'T-\\d+',
      action: 'flag',
    });
    // ... and back to the same config.
    expect(draftFromForm(g).config).toEqual({
      direction: 'response',
      detectors: [{ type: 'email', action: 'redact' }],
      customPatterns: [{ name: 'ticket', pattern: 'T-\\d+', action: 'flag' }],
      maxBytes: 1000,
    });
    const rl = view({
      kind: 'rate_limit',
      mode: 'monitor',
      enabled: false,
      failMode: 'open',
      config: { limit: 5, windowSec: 10, burst: 3, per: 'tenant' },
    });
    expect(draftFromForm(formFromPolicy(rl))).toEqual({ ...draftFromPolicy(rl), enabled: false });
    expect(draftFromPolicy(rl).enabled).toBe(true);
  });

  it('places field errors by path and keeps the rest visible', () => {
    const errors = {
      'config.allow.1': "'10.0.0/8' is not a valid IPv4 or IPv6 CIDR",
      name: 'must not be empty',
      'target.serverId': 'unknown',
    };
    expect(errorAt(errors, 'config.allow')).toMatch(/not a valid/);
    expect(errorAt(errors, 'name')).toBe('must not be empty');
    expect(errorAt(errors, 'config.deny')).toBeUndefined();
    expect(fieldLabel('config.allow.1')).toBe('Allow only (line 2)');
    expect(fieldLabel('config.customPatterns.0.pattern')).toBe('Pattern 1: pattern');
    expect(fieldLabel('config.dateRanges.2.to')).toBe('Dates (line 3)');
    expect(fieldLabel('config.burst')).toBe('Burst');
    expect(fieldLabel('config.denyCountries.1')).toBe('Deny countries (item 2)');
    expect(fieldLabel('target.agentId')).toBe('Agent');
    expect(fieldLabel('config.bogus')).toBe('config.bogus');
    expect(fieldLabel('')).toBe('Policy');
  });
});

import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditEventSchema, parseAuditEventInput } from './schema';
import { makeChain, makeInput } from './test-support/fixtures';

describe('audit event schema', () => {
  it('accepts a well-formed input and keeps its fields', () => {
    const input = makeInput(1);
    expect(parseAuditEventInput(input)).toEqual(input);
  });

  it('exports a closed, duplicate-free action vocabulary', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    expect(AUDIT_ACTIONS).toEqual(
      expect.arrayContaining([
        'agent.created',
        'token.issued',
        'token.denied',
        'gateway.call',
        'policy.decision',
        'audit.checkpoint',
      ]),
    );
    expect(() => parseAuditEventInput({ ...makeInput(1), action: 'agent.exploded' })).toThrow(/action/);
  });

  it.each([
    ['time with an offset', { time: '2026-01-01T00:00:00.000+01:00' }],
    ['time without milliseconds', { time: '2026-01-01T00:00:00Z' }],
    ['unknown actor type', { actor: { type: 'robot', id: 'x' } }],
    ['bad outcome', { outcome: 'maybe' }],
    ['not a uuid id', { id: 'evt_1' }],
    ['bad ip', { ip: '999.1.1.1' }],
    ['lowercase country', { country: 'de' }],
    ['details not an object', { details: ['a'] }],
    ['unknown field', { extra: 1 }],
    ['seq supplied by the caller', { seq: 4 }],
  ])('rejects %s', (_name, patch) => {
    expect(() => parseAuditEventInput({ ...makeInput(1), ...patch })).toThrow();
  });

  it('accepts IPv6 addresses and events without optional fields', () => {
    const { target: _t, reason: _r, requestId: _q, ip: _i, country: _c, ...bare } = makeInput(2);
    expect(parseAuditEventInput(bare).target).toBeUndefined();
    expect(parseAuditEventInput({ ...makeInput(1), ip: '2001:db8::1' }).ip).toBe('2001:db8::1');
  });

  it('requires seq, prevHash and hash on a sealed event', () => {
    const [event] = makeChain(1);
    expect(auditEventSchema.safeParse(event).success).toBe(true);
    expect(auditEventSchema.safeParse({ ...event, hash: 'abc' }).success).toBe(false);
    expect(auditEventSchema.safeParse({ ...event, seq: 0 }).success).toBe(false);
  });
});

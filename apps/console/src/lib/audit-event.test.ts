import { describe, expect, it } from 'vitest';
import type { AuditEventView } from '@portcullis/sdk';
import {
  actorLabel,
  callDetails,
  decisionFromView,
  outcomeTone,
  recordedDecision,
  shortHash,
  targetLabel,
} from './audit-event';

const event: AuditEventView = {
  id: 'e1',
  seq: 7,
  time: '2026-01-01T00:00:00.000Z',
  actor: { type: 'agent', id: 'a1', label: 'Support bot' },
  action: 'gateway.call',
  target: { type: 'server', id: 's1', label: 'crm' },
  outcome: 'denied',
  details: { method: 'tools/call', tool: 'echo', latencyMs: 12.5, via: 'jwt' },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('audit events for display', () => {
  it('reads the call details and labels', () => {
    expect(actorLabel(event)).toBe('Support bot');
    expect(actorLabel({ ...event, actor: { type: 'user', id: 'u1' } })).toBe('u1');
    expect(actorLabel({ ...event, actor: { type: 'user', id: 'u1' } }, new Map([['u1', 'Ada']]))).toBe('Ada');
    expect(targetLabel(event)).toBe('crm');
    expect(targetLabel({ ...event, target: undefined })).toBeUndefined();
    expect(callDetails(event)).toEqual({ method: 'tools/call', tool: 'echo', latencyMs: 12.5, via: 'jwt' });
    expect(callDetails({ ...event, details: { latencyMs: 'fast' } })).toEqual({});
    expect(outcomeTone('denied')).toBe('red');
    expect(outcomeTone('success')).toBe('green');
    expect(outcomeTone('whatever')).toBe('gray');
    expect(shortHash('0123456789abcdef0123456789')).toBe('0123456789…456789');
  });

  it('reads the recorded policy decision, summary or full explanation', () => {
    expect(recordedDecision({})).toBeUndefined();
    expect(recordedDecision({ policy: 'x' })).toBeUndefined();
    const summary = recordedDecision({
      policy: {
        outcome: 'deny',
        deniedBy: ['p1'],
        entries: [
          {
            policyId: 'p1',
            name: 'Two a minute',
            kind: 'rate_limit',
            mode: 'enforce',
            outcome: 'deny',
            reason: 'limit reached',
          },
          {
            policyId: 'p2',
            name: 'No cards',
            kind: 'guardrail',
            mode: 'monitor',
            outcome: 'redact',
            reason: 'card found',
            findings: [{ detector: 'card', path: '$.arguments.card', action: 'redact' }, 'junk'],
            storeFailure: 'open',
          },
          { bogus: true },
        ],
      },
    });
    expect(summary?.outcome).toBe('deny');
    expect(summary?.deniedBy).toEqual(['p1']);
    expect(summary?.entries).toHaveLength(2);
    expect(summary?.entries[1]).toMatchObject({
      findings: [{ detector: 'card', path: '$.arguments.card', action: 'redact' }],
      storeFailure: 'open',
    });
    const list = recordedDecision({
      policy: [{ name: 'x', outcome: 'allow', storeFailure: { failMode: 'closed', error: 'down' } }],
    });
    expect(list?.entries[0]).toMatchObject({ name: 'x', outcome: 'allow', storeFailure: 'closed' });
  });

  it('reads a simulated decision with its unmatched entries and limit state', () => {
    const d = decisionFromView({
      outcome: 'deny',
      status: 429,
      retryAfterSec: 30,
      headers: {},
      deniedBy: ['p1'],
      explanation: [
        {
          policyId: 'p1',
          name: 'Two a minute',
          kind: 'rate_limit',
          mode: 'enforce',
          matched: true,
          outcome: 'deny',
          reason: 'limit reached',
          limit: { limit: 2, windowSec: 60, remaining: 0, resetSec: 30, retryAfterSec: 30 },
        },
        {
          policyId: 'p2',
          name: 'Office hours',
          kind: 'time_window',
          mode: 'enforce',
          matched: false,
          outcome: 'skipped',
          reason: 'target does not cover the call',
        },
      ],
    });
    expect(d.entries[0]).toMatchObject({
      matched: true,
      limit: { limit: 2, remaining: 0, retryAfterSec: 30 },
    });
    expect(d.entries[1]).toMatchObject({ matched: false, outcome: 'skipped' });
    expect(decisionFromView({ outcome: 'allow', headers: {}, deniedBy: [], explanation: [] })).toEqual({
      outcome: 'allow',
      deniedBy: [],
      entries: [],
    });
  });
});

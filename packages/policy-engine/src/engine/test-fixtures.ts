// Shared builders for engine tests (excluded from the build like the tests themselves).
import type { CallContext } from '../context';
import type { PolicyInput } from '../model/policy';

export function call(overrides: Partial<CallContext> = {}): CallContext {
  return {
    tenantId: 't1',
    agentId: 'agent-1',
    serverId: 'srv-1',
    tool: 'search',
    method: 'tools/call',
    ip: '203.0.113.10',
    country: 'DE',
    now: Date.parse('2025-01-06T10:00:00Z'), // a Monday, 11:00 in Berlin
    timeZone: 'Europe/Berlin',
    direction: 'request',
    ...overrides,
  };
}

let n = 0;
export function ipPolicy(
  config: { allow?: string[]; deny?: string[] },
  extra: Partial<PolicyInput> = {},
): PolicyInput {
  return { id: `ip-${++n}`, name: `ip ${n}`, kind: 'ip', config, ...extra } as PolicyInput;
}

export function policy(
  kind: PolicyInput['kind'],
  config: unknown,
  extra: Partial<PolicyInput> = {},
): PolicyInput {
  return { id: `${kind}-${++n}`, name: `${kind} ${n}`, kind, config, ...extra } as PolicyInput;
}

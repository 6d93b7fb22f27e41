// The simulator's form: a hypothetical call as typed, and the request it becomes.
import { fromLocalInput } from '@/lib/audit-query';
import type { SimulatedCall } from '@portcullis/sdk';

export interface CallForm {
  agentId: string;
  serverId: string;
  tool: string;
  method: string;
  direction: 'request' | 'response';
  payload: string;
  ip: string;
  country: string;
  /** datetime-local; empty = now. */
  time: string;
}

export const METHODS = [
  'tools/call',
  'tools/list',
  'resources/read',
  'resources/list',
  'prompts/get',
  'prompts/list',
  'initialize',
];

export function newCallForm(agentId = '', serverId = ''): CallForm {
  return {
    agentId,
    serverId,
    tool: '',
    method: 'tools/call',
    direction: 'request',
    payload: '',
    ip: '203.0.113.10',
    country: '',
    time: '',
  };
}

/** The call to simulate, or the message for the payload field when it is not JSON. */
export function callOf(f: CallForm): { call: SimulatedCall } | { payloadError: string } {
  let payload: unknown;
  if (f.payload.trim()) {
    try {
      payload = JSON.parse(f.payload);
    } catch {
      return { payloadError: 'This is not valid JSON.' };
    }
  }
  const time = fromLocalInput(f.time);
  return {
    call: {
      agentId: f.agentId,
      serverId: f.serverId,
      method: f.method,
      direction: f.direction,
      ...(f.tool ? { tool: f.tool } : {}),
      ...(payload !== undefined ? { payload } : {}),
      ...(f.ip.trim() ? { ip: f.ip.trim() } : {}),
      ...(f.country.trim() ? { country: f.country.trim().toUpperCase() } : {}),
      ...(time ? { time } : {}),
    },
  };
}

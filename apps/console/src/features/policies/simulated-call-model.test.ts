import { describe, expect, it } from 'vitest';
import { callOf, newCallForm } from './simulated-call-model';

describe('simulated call', () => {
  it('builds the call, leaving out what is empty', () => {
    const f = { ...newCallForm('a1', 's1'), tool: 'echo', payload: '{"text":"hi"}', country: ' fr ', ip: '' };
    expect(callOf(f)).toEqual({
      call: {
        agentId: 'a1',
        serverId: 's1',
        method: 'tools/call',
        direction: 'request',
        tool: 'echo',
        payload: { text: 'hi' },
        country: 'FR',
      },
    });
  });

  it('names a payload that is not JSON', () => {
    expect(callOf({ ...newCallForm('a', 's'), payload: '{ nope' })).toEqual({
      payloadError: 'This is not valid JSON.',
    });
  });
});

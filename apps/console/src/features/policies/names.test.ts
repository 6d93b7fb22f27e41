import { describe, expect, it } from 'vitest';
import type { Agent, McpServer } from '@portcullis/sdk';
import { describeTargetNames, withNames } from './names';

const directory = {
  servers: [{ id: '11111111-1111-4111-8111-111111111111', name: 'CRM' } as McpServer],
  agents: [{ id: '22222222-2222-4222-8222-222222222222', name: 'Support bot' } as Agent],
};

describe('names in policy texts', () => {
  it('puts names in place of the ids the API describes targets with', () => {
    expect(
      withNames(
        directory,
        "At most 2 requests per 60 s for agent '22222222-2222-4222-8222-222222222222' on server '11111111-1111-4111-8111-111111111111'",
      ),
    ).toBe("At most 2 requests per 60 s for agent 'Support bot' on server 'CRM'");
  });

  it('names a target, or says it is tenant-wide', () => {
    expect(describeTargetNames(directory, {})).toBe('Tenant-wide');
    expect(
      describeTargetNames(directory, { agentId: '22222222-2222-4222-8222-222222222222', tool: 'echo' }),
    ).toBe('Agent Support bot · Tool echo');
    expect(describeTargetNames(directory, { serverId: '33333333-3333-4333-8333-333333333333' })).toBe(
      'Server server 33333333…',
    );
  });
});

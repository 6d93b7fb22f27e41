import { describe, expect, it } from 'vitest';
import type { McpServer } from '@portcullis/sdk';
import { createRequest, draftOf, newDraft, parseTags, updateRequest } from './server-draft';

const server: McpServer = {
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'crm',
  name: 'CRM',
  upstreamUrl: 'https://mcp.example.com/mcp',
  upstreamAuth: { type: 'bearer', headerName: null, hint: '••••abcd' },
  tags: ['prod'],
  status: 'active',
  autoApproveTools: false,
  serverMessages: [],
  maxResponseBytes: null,
  gatewayUrl: 'https://gw.example.com/mcp/acme/crm',
  lastSyncAt: null,
  lastSyncStatus: 'pending',
  lastSyncError: null,
  toolCounts: { total: 0, callable: 0, quarantined: 0 },
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('server drafts', () => {
  it('builds a create request with the chosen credential', () => {
    const d = {
      ...newDraft(),
      name: 'CRM',
      slug: 'crm',
      upstreamUrl: ' https://x.example/mcp ',
      auth: 'header' as const,
      headerName: ' X-Key ',
      headerValue: 'v',
      tags: 'a, b, a,',
    };
    expect(createRequest(d)).toEqual({
      name: 'CRM',
      slug: 'crm',
      upstreamUrl: 'https://x.example/mcp',
      upstreamAuth: { type: 'header', headerName: 'X-Key', value: 'v' },
      tags: ['a', 'b'],
      autoApproveTools: false,
      serverMessages: [],
      maxResponseBytes: null,
    });
  });

  it('sends what the server may send to agents and its answer limit only when they changed', () => {
    const d = draftOf({ ...server, serverMessages: ['logging'], maxResponseBytes: 2 * 1024 * 1024 });
    expect(d.maxResponseMiB).toBe('2');
    const edited = { ...server, serverMessages: ['logging' as const], maxResponseBytes: 2 * 1024 * 1024 };
    expect(updateRequest(edited, d)).toEqual({});
    expect(
      updateRequest(edited, { ...d, serverMessages: ['sampling', 'logging'], maxResponseMiB: '' }),
    ).toEqual({
      serverMessages: ['sampling', 'logging'],
      maxResponseBytes: null,
    });
    expect(updateRequest(edited, { ...d, maxResponseMiB: '0.5' })).toEqual({ maxResponseBytes: 512 * 1024 });
  });

  it('keeps a stored credential unless the admin replaces it, and sends only what changed', () => {
    const d = draftOf(server);
    expect(d.auth).toBe('keep');
    expect(updateRequest(server, d)).toEqual({});
    expect(updateRequest(server, { ...d, name: 'CRM 2', tags: 'prod, eu' })).toEqual({
      name: 'CRM 2',
      tags: ['prod', 'eu'],
    });
    expect(updateRequest(server, { ...d, auth: 'none' })).toEqual({ upstreamAuth: { type: 'none' } });
    expect(updateRequest(server, { ...d, auth: 'bearer', token: 't' })).toEqual({
      upstreamAuth: { type: 'bearer', token: 't' },
    });
  });

  it('does not resend "no credential" for a server that has none', () => {
    const open = { ...server, upstreamAuth: { type: 'none' as const, headerName: null, hint: null } };
    expect(updateRequest(open, draftOf(open))).toEqual({});
  });

  it('parses tags', () => {
    expect(parseTags(' a ,, b ,a')).toEqual(['a', 'b']);
  });
});

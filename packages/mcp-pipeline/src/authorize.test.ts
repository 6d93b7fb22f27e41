import { describe, expect, it } from 'vitest';
import { authorizeClientMessage } from './client-messages';
import { classify } from './messages';
import { fingerprint } from './pinning';
import type { CallerRights, GrantRules } from './rights';
import { judgeServerNotification, judgeServerRequest } from './server-messages';
import { serverSettings } from './server-settings';

const pin = (d = 'd') => ({
  fingerprint: fingerprint({ description: d, inputSchema: { type: 'object' }, annotations: null }),
});
const rights = (
  grant: Partial<GrantRules> = {},
  scopes = ['mcp:tools', 'mcp:resources', 'mcp:prompts'],
): CallerRights => ({
  scopes,
  grant: { tools: '*', resources: false, prompts: false, ...grant },
  tools: new Map([
    ['echo', pin()],
    ['add', pin()],
  ]),
});
const none = serverSettings([]);
const req = (method: string, params?: Record<string, unknown>) =>
  classify({ jsonrpc: '2.0', id: 1, method, ...(params ? { params } : {}) });
const decide = (r: CallerRights, method: string, params?: Record<string, unknown>, settings = none) =>
  authorizeClientMessage(r, settings, req(method, params));

describe('messages from the agent', () => {
  it('allow lifecycle and listing, and tools the grant, the scope and the pinning all allow', () => {
    expect(decide(rights(), 'initialize').allow).toBe(true);
    expect(decide(rights(), 'tools/list')).toEqual({ allow: true, pending: { method: 'tools/list' } });
    expect(decide(rights({ tools: ['echo'] }), 'tools/call', { name: 'echo' })).toEqual({
      allow: true,
      pending: { method: 'tools/call', tool: 'echo' },
    });
    expect(decide(rights({ tools: ['echo'] }), 'tools/call', { name: 'add' }).allow).toBe(false);
    expect(decide(rights({}, ['mcp:tools:echo']), 'tools/call', { name: 'add' }).allow).toBe(false);
    expect(decide(rights(), 'tools/call', { name: 'not_pinned' }).allow).toBe(false);
    expect(decide(rights(), 'tools/call', { name: 'echo', arguments: [1] }).allow).toBe(false);
    expect(decide(rights(), 'tools/call', { name: 'echo', task: { ttl: 1 } }).allow).toBe(false);
    expect(decide(rights(), 'tools/call', {}).allow).toBe(false);
  });

  it('govern resources by URI pattern and prompts by name, with the scope required for the whole request', () => {
    const r = rights({ resources: ['file:///docs/*'], prompts: ['summarize'] });
    expect(decide(r, 'resources/list').allow).toBe(true);
    expect(decide(r, 'resources/read', { uri: 'file:///docs/a.md' }).allow).toBe(true);
    expect(decide(r, 'resources/read', { uri: 'file:///etc/passwd' })).toMatchObject({
      allow: false,
      reason: expect.stringMatching(/not permitted/),
    });
    expect(decide(r, 'resources/subscribe', { uri: 'file:///etc/passwd' }).allow).toBe(false);
    expect(decide(r, 'resources/read', {}).allow).toBe(false);
    expect(decide(r, 'prompts/get', { name: 'summarize' }).allow).toBe(true);
    expect(decide(r, 'prompts/get', { name: 'other' }).allow).toBe(false);
    expect(decide(rights(), 'resources/list')).toMatchObject({ allow: false, missingScope: 'mcp:resources' });
    expect(
      decide(rights({ resources: true }, ['mcp:tools']), 'resources/read', { uri: 'x:y' }),
    ).toMatchObject({ allow: false, missingScope: 'mcp:resources' });
    expect(decide(rights({ prompts: true }, ['mcp:tools']), 'prompts/list')).toMatchObject({
      allow: false,
      missingScope: 'mcp:prompts',
    });
  });

  it('allow completions only for granted prompts and resources', () => {
    const r = rights({ resources: ['file:///docs/*'], prompts: ['summarize'] });
    expect(decide(r, 'completion/complete', { ref: { type: 'ref/prompt', name: 'summarize' } }).allow).toBe(
      true,
    );
    expect(decide(r, 'completion/complete', { ref: { type: 'ref/prompt', name: 'secret' } }).allow).toBe(
      false,
    );
    expect(
      decide(r, 'completion/complete', { ref: { type: 'ref/resource', uri: 'file:///docs/{name}' } }).allow,
    ).toBe(true);
    expect(decide(r, 'completion/complete', { ref: { type: 'ref/resource', uri: 'db://x/{t}' } }).allow).toBe(
      false,
    );
    expect(decide(r, 'completion/complete', {}).allow).toBe(false);
  });

  it('refuse logging/setLevel, unknown methods and answers unless the server setting allows them', () => {
    expect(decide(rights(), 'logging/setLevel', { level: 'debug' }).allow).toBe(false);
    expect(decide(rights(), 'logging/setLevel', { level: 'debug' }, serverSettings(['logging'])).allow).toBe(
      true,
    );
    expect(decide(rights(), 'tasks/list').allow).toBe(false);
    expect(decide(rights(), 'admin/shutdown').allow).toBe(false);
    const answer = classify({ jsonrpc: '2.0', id: 9, result: { roots: [] } });
    expect(authorizeClientMessage(rights(), none, answer).allow).toBe(false);
    expect(authorizeClientMessage(rights(), serverSettings(['roots']), answer).allow).toBe(true);
    expect(
      authorizeClientMessage(
        rights(),
        none,
        classify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      ).allow,
    ).toBe(true);
    expect(
      authorizeClientMessage(rights(), none, classify({ jsonrpc: '2.0', method: 'notifications/whatever' }))
        .allow,
    ).toBe(false);
  });
});

describe('requests and notifications from the server', () => {
  const sreq = (method: string) =>
    classify({ jsonrpc: '2.0', id: 's1', method }) as Extract<
      ReturnType<typeof classify>,
      { kind: 'request' }
    >;
  const note = (method: string, params?: Record<string, unknown>) =>
    classify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) }) as Extract<
      ReturnType<typeof classify>,
      { kind: 'notification' }
    >;

  it('refuse sampling, elicitation and roots by default, forward them (scanned) when enabled', () => {
    for (const m of ['sampling/createMessage', 'elicitation/create', 'roots/list']) {
      expect(judgeServerRequest(none, sreq(m)).action).toBe('refuse');
    }
    expect(judgeServerRequest(serverSettings(['sampling']), sreq('sampling/createMessage'))).toEqual({
      action: 'forward',
      scan: true,
    });
    expect(judgeServerRequest(serverSettings(['sampling']), sreq('elicitation/create')).action).toBe(
      'refuse',
    );
    expect(judgeServerRequest(none, sreq('ping')).action).toBe('forward');
    expect(judgeServerRequest(none, sreq('tools/call')).action).toBe('refuse');
  });

  it('forward known notifications, resource updates only for granted URIs, logs only when enabled', () => {
    const r = rights({ resources: ['file:///docs/*'] });
    expect(
      judgeServerNotification(r, none, note('notifications/progress', { progressToken: 1, progress: 1 })),
    ).toEqual({ action: 'forward', scan: true });
    expect(judgeServerNotification(r, none, note('notifications/tools/list_changed'))).toEqual({
      action: 'forward',
      scan: false,
      resync: true,
    });
    expect(
      judgeServerNotification(r, none, note('notifications/resources/updated', { uri: 'file:///docs/a' }))
        .action,
    ).toBe('forward');
    expect(
      judgeServerNotification(r, none, note('notifications/resources/updated', { uri: 'file:///etc/shadow' }))
        .action,
    ).toBe('refuse');
    expect(
      judgeServerNotification(r, none, note('notifications/message', { level: 'info', data: 'x' })).action,
    ).toBe('refuse');
    expect(
      judgeServerNotification(
        r,
        serverSettings(['logging']),
        note('notifications/message', { level: 'info', data: 'x' }),
      ).action,
    ).toBe('forward');
    expect(judgeServerNotification(r, none, note('notifications/unknown')).action).toBe('refuse');
  });
});

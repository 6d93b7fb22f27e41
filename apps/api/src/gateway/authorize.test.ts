import { describe, expect, it } from 'vitest';
import { decide, filterToolsResult, type CallerRights } from './authorize';

const rights = (over: Partial<CallerRights> = {}): CallerRights => ({
  scopes: ['mcp:tools'],
  grant: { tools: '*', resources: false, prompts: false },
  callableTools: new Set(['echo', 'add']),
  ...over,
});

describe('decide', () => {
  it('allows lifecycle methods, notifications and responses', () => {
    expect(decide(rights(), { method: 'initialize' }).allow).toBe(true);
    expect(decide(rights(), { method: 'notifications/initialized' }).allow).toBe(true);
    expect(decide(rights(), {}).allow).toBe(true);
  });

  it('allows a callable, granted, scoped tool only', () => {
    expect(decide(rights(), { method: 'tools/call', params: { name: 'echo' } }).allow).toBe(true);
    expect(decide(rights(), { method: 'tools/call', params: { name: 'quarantined_tool' } }).allow).toBe(false);
    expect(decide(rights({ grant: { tools: ['add'] } }), { method: 'tools/call', params: { name: 'echo' } }).allow).toBe(false);
    expect(decide(rights({ scopes: ['mcp:tools:add'] }), { method: 'tools/call', params: { name: 'echo' } }).allow).toBe(false);
    expect(decide(rights({ scopes: ['mcp:tools:echo'] }), { method: 'tools/call', params: { name: 'echo' } }).allow).toBe(true);
    expect(decide(rights(), { method: 'tools/call', params: {} }).allow).toBe(false);
  });

  it('needs both the grant and the scope for resources and prompts, refused for the whole request', () => {
    const d = decide(rights(), { method: 'resources/read', params: { uri: 'x' } });
    expect(d).toMatchObject({ allow: false, wholeRequestScope: 'mcp:resources' });
    expect(decide(rights({ grant: { tools: '*', resources: true }, scopes: ['mcp:tools', 'mcp:resources'] }), { method: 'resources/read' }).allow).toBe(true);
    expect(decide(rights({ grant: { tools: '*', prompts: true }, scopes: ['mcp:tools'] }), { method: 'prompts/get' }).allow).toBe(false);
  });

  it('denies unknown methods by default', () => {
    expect(decide(rights(), { method: 'admin/shutdown' }).allow).toBe(false);
    expect(decide(rights(), { method: 42 }).allow).toBe(false);
  });
});

describe('filterToolsResult', () => {
  it('lists only what the caller may call', () => {
    const result = { tools: [{ name: 'echo' }, { name: 'add' }, { name: 'secret_tool' }], nextCursor: 'c' };
    expect(filterToolsResult(rights({ grant: { tools: ['echo'] } }), result)).toEqual({ tools: [{ name: 'echo' }], nextCursor: 'c' });
  });
});

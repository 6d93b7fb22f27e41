import { describe, expect, it } from 'vitest';
import {
  ScopeError,
  formatScope,
  isGrantableToolName,
  canonicalScopeList,
  coversScopes,
  downscope,
  narrowScope,
  parseRequestedScope,
  parseScope,
  scopeAllowsTool,
  scopesFromGrants,
  toolScope,
} from './scopes';

function scopeErrorOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ScopeError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`;
  }
  return undefined;
}

describe('scopesFromGrants', () => {
  it('maps grants to scopes in canonical order', () => {
    expect(scopesFromGrants([{ tools: ['search', 'create_issue'], resources: true }])).toEqual([
      'mcp:tools:create_issue',
      'mcp:tools:search',
      'mcp:resources',
    ]);
    expect(scopesFromGrants([{ tools: '*', prompts: true }])).toEqual(['mcp:tools', 'mcp:prompts']);
  });

  it('adds several grants up, and all tools absorbs per-tool grants', () => {
    expect(scopesFromGrants([{ tools: ['a'] }, { tools: ['b', 'a'], prompts: true }])).toEqual([
      'mcp:tools:a',
      'mcp:tools:b',
      'mcp:prompts',
    ]);
    expect(scopesFromGrants([{ tools: ['a'] }, { tools: '*' }])).toEqual(['mcp:tools']);
    expect(scopesFromGrants([])).toEqual([]);
  });

  it('maps resource patterns and prompt names to the coarse scopes, and empty lists to none', () => {
    expect(scopesFromGrants([{ tools: [], resources: ['file:///docs/*'], prompts: ['summarize'] }])).toEqual([
      'mcp:resources',
      'mcp:prompts',
    ]);
    expect(scopesFromGrants([{ tools: [], resources: [], prompts: false }])).toEqual([]);
  });

  it('grants nothing for a tool name that cannot be a scope token, rather than failing every token request', () => {
    expect(scopesFromGrants([{ tools: ['has space', 'ok'] }])).toEqual(['mcp:tools:ok']);
    expect(() => toolScope('has space')).toThrow(/mcp:tools instead/);
    expect(isGrantableToolName('a'.repeat(129))).toBe(false);
    expect(isGrantableToolName('github.search/v2-beta_1')).toBe(true);
    expect(toolScope('Search')).toBe('mcp:tools:Search');
  });
});

describe('narrowScope', () => {
  const granted = ['mcp:tools:search', 'mcp:tools:create_issue', 'mcp:resources'];

  it('gives every granted scope when none is requested', () => {
    expect(narrowScope(undefined, granted)).toEqual([
      'mcp:tools:create_issue',
      'mcp:tools:search',
      'mcp:resources',
    ]);
    expect(narrowScope('', granted)).toEqual(narrowScope(undefined, granted));
    expect(narrowScope('   ', granted)).toEqual(narrowScope(undefined, granted));
  });

  it('gives exactly the requested scopes when the grant covers them', () => {
    expect(narrowScope('mcp:tools:search', granted)).toEqual(['mcp:tools:search']);
    expect(narrowScope('mcp:resources  mcp:tools:search mcp:tools:search', granted)).toEqual([
      'mcp:tools:search',
      'mcp:resources',
    ]);
  });

  it('lets an all-tools grant cover a request for one tool, and folds per-tool scopes into mcp:tools', () => {
    expect(narrowScope('mcp:tools:anything', ['mcp:tools'])).toEqual(['mcp:tools:anything']);
    expect(narrowScope('mcp:tools mcp:tools:x', ['mcp:tools'])).toEqual(['mcp:tools']);
  });

  it('refuses a scope beyond the grant (never widens)', () => {
    expect(scopeErrorOf(() => narrowScope('mcp:tools', granted))).toMatch(
      /^invalid_scope: scope mcp:tools is not granted/,
    );
    expect(scopeErrorOf(() => narrowScope('mcp:tools:delete_repo', granted))).toMatch(/not granted/);
    expect(scopeErrorOf(() => narrowScope('mcp:tools:search mcp:prompts', granted))).toMatch(
      /mcp:prompts is not granted/,
    );
  });

  it('refuses unknown and malformed scopes', () => {
    expect(scopeErrorOf(() => narrowScope('offline_access', ['mcp:tools']))).toMatch(
      /unknown scope offline_access/,
    );
    expect(scopeErrorOf(() => narrowScope('mcp:read', ['mcp:tools']))).toMatch(/unknown scope/);
    expect(scopeErrorOf(() => narrowScope('mcp:tools:', ['mcp:tools']))).toMatch(/unknown scope/);
    expect(scopeErrorOf(() => narrowScope('mcp:tools\tmcp:prompts', ['mcp:tools']))).toMatch(/malformed/);
    expect(scopeErrorOf(() => narrowScope('"quoted"', ['mcp:tools']))).toMatch(/malformed/);
  });

  it('refuses to issue a token with no scope at all', () => {
    expect(scopeErrorOf(() => narrowScope(undefined, []))).toMatch(/no scope is granted/);
  });

  it('is case-sensitive, like tool names', () => {
    expect(scopeErrorOf(() => narrowScope('mcp:tools:Search', granted))).toMatch(/not granted/);
  });
});

describe('scope helpers', () => {
  it('parses a scope parameter', () => {
    expect(parseScope(' a  b ')).toEqual(['a', 'b']);
    expect(parseScope(null)).toEqual([]);
  });

  it('answers whether a token may call a tool', () => {
    expect(scopeAllowsTool(['mcp:tools'], 'anything')).toBe(true);
    expect(scopeAllowsTool(['mcp:tools:search'], 'search')).toBe(true);
    expect(scopeAllowsTool(['mcp:tools:search'], 'create_issue')).toBe(false);
    expect(scopeAllowsTool(['mcp:resources'], 'search')).toBe(false);
  });

  it('formats in canonical order', () => {
    expect(formatScope(['mcp:prompts', 'mcp:tools:b', 'mcp:tools:a'])).toBe(
      'mcp:tools:a mcp:tools:b mcp:prompts',
    );
  });
});

describe('parseRequestedScope and downscope (interactive clients)', () => {
  it('refuses unknown scopes, drops offline_access', () => {
    expect(parseRequestedScope('mcp:tools offline_access')).toEqual(['mcp:tools']);
    expect(parseRequestedScope(undefined)).toEqual([]);
    expect(scopeErrorOf(() => parseRequestedScope('openid'))).toBe('invalid_scope: unknown scope openid');
  });

  it('grants what was asked and is granted, turning mcp:tools into the granted tools', () => {
    expect(
      downscope(['mcp:tools', 'mcp:resources', 'mcp:prompts'], ['mcp:tools:echo', 'mcp:tools:add']),
    ).toEqual(['mcp:tools:add', 'mcp:tools:echo']);
    expect(downscope(['mcp:tools'], ['mcp:tools', 'mcp:prompts'])).toEqual(['mcp:tools']);
    expect(downscope(['mcp:tools:echo'], ['mcp:tools'])).toEqual(['mcp:tools:echo']);
    expect(downscope([], ['mcp:tools:echo', 'mcp:resources'])).toEqual(['mcp:tools:echo', 'mcp:resources']);
    expect(downscope(['mcp:resources'], ['mcp:tools'])).toEqual([]);
  });
});

describe('coversScopes and canonicalScopeList', () => {
  it('says whether a consent covers a request', () => {
    expect(coversScopes(['mcp:tools'], ['mcp:tools:echo'])).toBe(true);
    expect(coversScopes(['mcp:tools:echo'], ['mcp:tools'])).toBe(false);
    expect(coversScopes(['mcp:tools:echo', 'mcp:prompts'], ['mcp:prompts', 'mcp:tools:echo'])).toBe(true);
    expect(coversScopes([], [])).toBe(true);
    expect(canonicalScopeList(['mcp:prompts', 'mcp:tools:b', 'mcp:tools', 'mcp:prompts'])).toEqual([
      'mcp:tools',
      'mcp:prompts',
    ]);
  });
});

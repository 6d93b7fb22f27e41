import { describe, expect, it } from 'vitest';
import { unionGrants } from './rights';

describe('unionGrants', () => {
  it('adds grants up: all wins, names are merged, nothing stays nothing', () => {
    expect(unionGrants([])).toBeUndefined();
    expect(unionGrants([{ tools: ['a'], resources: false, prompts: false }])).toEqual({
      tools: ['a'],
      resources: false,
      prompts: false,
    });
    expect(
      unionGrants([
        { tools: ['a', 'b'], resources: ['file:///a/*'], prompts: false },
        { tools: ['b', 'c'], resources: ['file:///b/*'], prompts: ['p'] },
      ]),
    ).toEqual({ tools: ['a', 'b', 'c'], resources: ['file:///a/*', 'file:///b/*'], prompts: ['p'] });
    expect(
      unionGrants([
        { tools: '*', resources: true, prompts: ['p'] },
        { tools: ['x'], resources: ['file:///b/*'], prompts: true },
      ]),
    ).toEqual({ tools: '*', resources: true, prompts: true });
    expect(unionGrants([{ tools: [], resources: [], prompts: [] }])).toEqual({
      tools: [],
      resources: false,
      prompts: false,
    });
  });
});

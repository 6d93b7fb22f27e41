import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchUriPattern, uriPatternProblem } from './uri-pattern';

function reference(pattern: string, uri: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[\\s\\S]*') +
      '$',
  );
  return re.test(uri);
}

describe('resource URI patterns', () => {
  it('match literally but for * (any run of characters)', () => {
    expect(matchUriPattern('file:///docs/*', 'file:///docs/a/b.md')).toBe(true);
    expect(matchUriPattern('file:///docs/*', 'file:///docs')).toBe(false);
    expect(matchUriPattern('file:///docs/readme.md', 'file:///docs/readme.md')).toBe(true);
    expect(matchUriPattern('file:///docs/readme.md', 'file:///docs/readme.mdx')).toBe(false);
    expect(matchUriPattern('db://*/public/*', 'db://prod/public/users')).toBe(true);
    expect(matchUriPattern('db://*/public/*', 'db://prod/private/users')).toBe(false);
    expect(matchUriPattern('a.b://x', 'aXb://x')).toBe(false); // '.' is literal
  });

  it('agree with a regular-expression reference on generated cases', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '*', '.', ':');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 12 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '/', '.', ':'), maxLength: 16 }),
        (p, u) => {
          expect(matchUriPattern(p, u)).toBe(reference(p, u));
        },
      ),
    );
  });

  it('refuse unusable patterns with a reason', () => {
    expect(uriPatternProblem('file:///docs/*')).toBeNull();
    expect(uriPatternProblem('')).toMatch(/empty/);
    expect(uriPatternProblem('/docs/*')).toMatch(/scheme/);
    expect(uriPatternProblem('file:///a b')).toMatch(/spaces/);
    expect(uriPatternProblem('x:' + '*'.repeat(9))).toMatch(/at most 8/);
    expect(uriPatternProblem('x:' + 'a'.repeat(600))).toMatch(/512/);
  });
});

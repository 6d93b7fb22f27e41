import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next.js';

describe('safeNextPath', () => {
  it('keeps paths on the console', () => {
    expect(safeNextPath('/agents')).toBe('/agents');
    expect(safeNextPath('/audit?actor=x#top')).toBe('/audit?actor=x#top');
    expect(safeNextPath('/t/acme/authorize?client_id=a&state=b')).toBe(
      '/t/acme/authorize?client_id=a&state=b',
    );
  });

  it('refuses every way off the origin', () => {
    const attacks = [
      'https://evil.com',
      '//evil.com',
      '/\\evil.com',
      '\\/evil.com',
      '/\t/evil.com',
      '/\n/evil.com',
      '/\r/evil.com',
      decodeURIComponent('/%09/evil.com'),
      decodeURIComponent('/%0a/evil.com'),
      decodeURIComponent('/%5cevil.com'),
      'javascript:alert(1)',
      '/\u0000/evil.com',
      ' //evil.com',
      'evil.com',
      '///evil.com',
      '/ /evil.com'.replace(' ', '\u007f'),
    ];
    for (const a of attacks) expect(safeNextPath(a), JSON.stringify(a)).toBe('/');
  });

  it('normalizes dot segments instead of following them off the origin', () => {
    expect(safeNextPath('/../../evil.com')).toBe('/evil.com');
    expect(safeNextPath('/./x')).toBe('/x');
  });

  it('falls back on nothing', () => {
    expect(safeNextPath(null, '/home')).toBe('/home');
    expect(safeNextPath('', '/home')).toBe('/home');
  });
});

import { describe, expect, it } from 'vitest';
import { SseSplitter, eventData, withData } from './sse';

describe('SseSplitter', () => {
  it('emits complete events only, across chunk boundaries and line-ending styles', () => {
    const s = new SseSplitter();
    expect(s.push('id: 1\ndata: {"a"')).toEqual([]);
    expect(s.push(':1}\n\nid: 2\r\ndata: x\r\n\r\n: keep')).toEqual(['id: 1\ndata: {"a":1}\n\n', 'id: 2\r\ndata: x\r\n\r\n']);
    expect(s.rest()).toBe(': keep');
  });
});

describe('eventData / withData', () => {
  it('reads multi-line data and rewrites it keeping the id', () => {
    const ev = 'event: message\nid: 7\ndata: {"x":\ndata: 1}\n\n';
    expect(eventData(ev)).toBe('{"x":\n1}');
    expect(withData(ev, '{"y":2}')).toBe('event: message\nid: 7\ndata: {"y":2}\n\n');
    expect(eventData(': comment\n\n')).toBeUndefined();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PipelineError } from './errors';
import { SseParser, formatEvent, type SseEvent } from './sse';

function parseAll(chunks: string[], max?: number): SseEvent[] {
  const p = new SseParser(max);
  return chunks.flatMap((c) => p.push(c));
}

describe('SseParser', () => {
  it('reads events framed with LF, CRLF, CR and the mixes clients accept', () => {
    const expected = [{ id: '1', data: '{"a":1}' }, { data: 'x\ny' }];
    for (const nl of ['\n', '\r\n', '\r']) {
      expect(parseAll([`id: 1${nl}data: {"a":1}${nl}${nl}data: x${nl}data:y${nl}${nl}`])).toEqual(expected);
    }
    // "\n\r\n" is a line end followed by a blank line: one event ends there.
    expect(parseAll(['data: a\n\r\ndata: b\n\n'])).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('gives the same events however the stream is cut into chunks', () => {
    const text =
      'id: 7\r\nevent: message\r\ndata: {"jsonrpc":"2.0"}\r\n\r\n: comment\n\ndata: é😀\rretry: 10\r\r';
    const whole = parseAll([text]);
    expect(whole).toEqual([
      { id: '7', event: 'message', data: '{"jsonrpc":"2.0"}' },
      { data: 'é😀', retry: 10 },
    ]);
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(text.slice(last, p));
          last = p;
        }
        chunks.push(text.slice(last));
        expect(parseAll(chunks)).toEqual(whole);
      }),
    );
  });

  it('keeps an id-only event (a resumption marker) and ignores an id with NUL', () => {
    expect(parseAll(['id: abc\ndata:\n\n'])).toEqual([{ id: 'abc', data: '' }]);
    expect(parseAll(['id: a\0b\ndata: x\n\n'])).toEqual([{ data: 'x' }]);
  });

  it('refuses an event larger than the limit, before it is complete', () => {
    const p = new SseParser(100);
    expect(() => p.push('data: ' + 'x'.repeat(200))).toThrow(PipelineError);
    const q = new SseParser(100);
    expect(() => {
      for (let i = 0; i < 50; i++) q.push('data: xxx\n');
    }).toThrow(/larger than 100/);
  });

  it('knows when the stream ended inside an event', () => {
    const p = new SseParser();
    p.push('data: {"half":');
    expect(p.pending).toBe(true);
  });

  it('writes its own framing: one data line, an id when there was one', () => {
    expect(formatEvent({ id: '5', data: '{"a":1}' })).toBe('id: 5\nevent: message\ndata: {"a":1}\n\n');
    expect(parseAll([formatEvent({ id: '5', data: '{}' })])).toEqual([
      { id: '5', event: 'message', data: '{}' },
    ]);
  });
});

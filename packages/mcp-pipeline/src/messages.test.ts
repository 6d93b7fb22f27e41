import { describe, expect, it } from 'vitest';
import { assertUniqueIds, checkBatch } from './batch';
import { PipelineError } from './errors';
import { classify, serialize } from './messages';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof PipelineError ? e.code : String(e);
  }
};

describe('classify', () => {
  it('tells requests, notifications and answers apart and rebuilds them from the members it knows', () => {
    expect(classify({ jsonrpc: '2.0', id: 1, method: 'tools/list', extra: 'dropped' })).toEqual({
      kind: 'request',
      id: 1,
      method: 'tools/list',
    });
    expect(classify({ jsonrpc: '2.0', method: 'notifications/initialized' })).toEqual({
      kind: 'notification',
      method: 'notifications/initialized',
    });
    expect(classify({ jsonrpc: '2.0', id: 'a', result: { ok: true } })).toEqual({
      kind: 'response',
      id: 'a',
      result: { ok: true },
    });
    expect(classify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'x' } })).toMatchObject({
      kind: 'response',
      id: null,
    });
    expect(
      serialize(classify({ jsonrpc: '2.0', id: 2, method: 'ping', smuggled: { method: 'tools/call' } })),
    ).toBe('{"jsonrpc":"2.0","id":2,"method":"ping"}');
  });

  it('refuses malformed messages with a clear reason', () => {
    expect(code(() => classify({ id: 1, method: 'ping' }))).toBe('invalid_message');
    expect(code(() => classify({ jsonrpc: '2.0', id: 1, method: 'ping', result: {} }))).toBe(
      'invalid_message',
    );
    expect(code(() => classify({ jsonrpc: '2.0', id: 1 }))).toBe('invalid_message');
    expect(
      code(() => classify({ jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } })),
    ).toBe('invalid_message');
    expect(code(() => classify({ jsonrpc: '2.0', id: 1.5, method: 'ping' }))).toBe('invalid_message');
    expect(code(() => classify({ jsonrpc: '2.0', id: {}, method: 'ping' }))).toBe('invalid_message');
    expect(code(() => classify({ jsonrpc: '2.0', id: 1, method: 'ping', params: [1] }))).toBe(
      'invalid_message',
    );
    expect(code(() => classify({ jsonrpc: '2.0', id: 1, result: 'text' }))).toBe('invalid_message');
    expect(code(() => classify([]))).toBe('invalid_message');
  });

  it('refuses names with NUL, control characters, lone surrogates or past the length caps', () => {
    for (const method of [
      'tools/\0call',
      'tools/call\n',
      'tools/\ud800call',
      'outil/é',
      '',
      'x'.repeat(129),
    ]) {
      expect(code(() => classify({ jsonrpc: '2.0', id: 1, method }))).not.toBe('ok');
    }
    expect(code(() => classify({ jsonrpc: '2.0', id: 'x'.repeat(257), method: 'ping' }))).toBe('too_long');
  });
});

describe('batches', () => {
  const req = (id: number | string, method = 'tools/list') => classify({ jsonrpc: '2.0', id, method });
  it('refuses duplicate ids, initialize inside, and protocol versions without batching', () => {
    expect(code(() => checkBatch([req(1), req(1, 'tools/call')], undefined))).toBe('duplicate_id');
    expect(code(() => checkBatch([req(1), req('1')], undefined))).toBe('ok');
    expect(code(() => checkBatch([req(1, 'initialize'), req(2)], undefined))).toBe('batch_refused');
    expect(code(() => checkBatch([req(1)], '2025-06-18'))).toBe('batch_refused');
    expect(code(() => checkBatch([req(1)], '2025-11-25'))).toBe('batch_refused');
    expect(code(() => checkBatch([req(1)], '2025-03-26'))).toBe('ok');
    expect(code(() => checkBatch([], undefined))).toBe('batch_refused');
    expect(
      code(() =>
        checkBatch(
          Array.from({ length: 101 }, (_, i) => req(i)),
          undefined,
        ),
      ),
    ).toBe('batch_refused');
    expect(
      code(() =>
        checkBatch(
          Array.from({ length: 100 }, (_, i) => req(i)),
          undefined,
        ),
      ),
    ).toBe('ok');
  });

  it('numbers requests and answers to the other side apart', () => {
    const answer = classify({ jsonrpc: '2.0', id: 1, result: {} });
    expect(code(() => assertUniqueIds([req(1), answer]))).toBe('ok');
    expect(code(() => assertUniqueIds([answer, answer]))).toBe('duplicate_id');
  });
});

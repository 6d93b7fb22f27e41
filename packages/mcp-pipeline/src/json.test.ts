import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PipelineError } from './errors';
import { parseJsonStrict } from './json';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof PipelineError ? e.code : 'other';
  }
};

describe('parseJsonStrict', () => {
  it('parses what JSON.parse parses when no key repeats', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const text = JSON.stringify(v);
        expect(parseJsonStrict(text, { maxDepth: 64 })).toEqual(JSON.parse(text));
      }),
    );
  });

  it('refuses a duplicate key at any depth, whatever the escapes around it', () => {
    expect(code(() => parseJsonStrict('{"method":"tools/list","method":"tools/call"}'))).toBe(
      'duplicate_key',
    );
    expect(code(() => parseJsonStrict('{"params":{"name":"a","name":"b"}}'))).toBe('duplicate_key');
    expect(code(() => parseJsonStrict('[{"a":1},{"b":{"c":[{"d":1,"d":2}]}}]'))).toBe('duplicate_key');
    // The same key spelled with an escape is the same key.
    expect(code(() => parseJsonStrict('{"method":"a","\\u006dethod":"b"}'))).toBe('duplicate_key');
    // Colons and quotes inside strings are not members.
    expect(parseJsonStrict('{"a":"x:\\"y\\":z\\\\","b":"::"}')).toEqual({ a: 'x:"y":z\\', b: '::' });
  });

  it('finds a repeated key in any generated object', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }),
        fc.jsonValue({ maxDepth: 2 }),
        (obj, extra) => {
          const key = Object.keys(obj)[0]!;
          // A replacer function: a replacement string would read `$`` or `$&` in the data as patterns.
          const text = JSON.stringify(obj).replace(
            /}$/,
            () => `,${JSON.stringify(key)}:${JSON.stringify(extra)}}`,
          );
          expect(code(() => parseJsonStrict(text))).toBe('duplicate_key');
        },
      ),
    );
  });

  it('refuses invalid JSON and nesting past the limit', () => {
    expect(code(() => parseJsonStrict('{"a":'))).toBe('parse_error');
    expect(code(() => parseJsonStrict(''))).toBe('parse_error');
    expect(code(() => parseJsonStrict('[[[[1]]]]', { maxDepth: 3 }))).toBe('too_deep');
    expect(code(() => parseJsonStrict('['.repeat(200_000) + ']'.repeat(200_000)))).not.toBe('ok');
  });

  it('keeps a __proto__ member as data, never as a prototype', () => {
    const v = parseJsonStrict('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__']);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD, appendToHead, chainEvents } from './chain';
import { canonicalJson } from './canonical';
import { GENESIS_HASH, computeEventHash } from './hash';
import { makeInput, makeInputs } from './test-support/fixtures';

describe('chainEvents', () => {
  it('numbers events from firstSeq and links each to the previous hash', () => {
    const events = chainEvents(GENESIS_HASH, makeInputs(5), 1);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    expect(new Set(events.map((e) => e.hash)).size).toBe(5);
  });

  it('hashes SHA-256(prevHash + "\\n" + canonical event without hash fields)', () => {
    const [event] = chainEvents(GENESIS_HASH, [makeInput(1)], 1);
    if (!event) throw new Error('no event');
    const { prevHash: _p, hash: _h, ...body } = event;
    const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalJson(defined)}`)
      .digest('hex');
    expect(event.hash).toBe(expected);
  });

  it('does not depend on key order, and treats null like an absent optional field', () => {
    const input = { ...makeInput(1), target: { type: 'tool', id: 'srv_crm/search' } };
    const [a] = chainEvents(GENESIS_HASH, [input], 1);
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    const [b] = chainEvents(GENESIS_HASH, [reordered], 1);
    expect(b?.hash).toBe(a?.hash);
    const fromDb = { ...a, reason: null, target: { ...a?.target, label: null } };
    expect(computeEventHash(GENESIS_HASH, fromDb)).toBe(a?.hash);
    // ...but a null inside details is data and changes the hash.
    expect(computeEventHash(GENESIS_HASH, { ...a, details: { ...a?.details, extra: null } })).not.toBe(
      a?.hash,
    );
  });

  it('gives the same chain in one batch or in several', () => {
    const inputs = makeInputs(6);
    const whole = chainEvents(GENESIS_HASH, inputs, 1);
    const first = appendToHead(EMPTY_HEAD, inputs.slice(0, 2));
    const second = appendToHead(first.head, inputs.slice(2));
    expect([...first.events, ...second.events]).toEqual(whole);
    expect(second.head).toEqual({ seq: 6, hash: whole[5]?.hash });
  });

  it('does not modify its inputs', () => {
    const inputs = makeInputs(2);
    const copy = structuredClone(inputs);
    chainEvents(GENESIS_HASH, inputs, 1);
    expect(inputs).toEqual(copy);
  });

  it('refuses a mixed-tenant batch, a malformed head or a head that does not fit firstSeq', () => {
    expect(() => chainEvents(GENESIS_HASH, [makeInput(1, 'tnt_a'), makeInput(2, 'tnt_b')], 1)).toThrow(
      /tenants/,
    );
    expect(() => chainEvents('abc', makeInputs(1), 1)).toThrow(/prevHead/);
    expect(() => chainEvents(GENESIS_HASH, makeInputs(1), 0)).toThrow(/firstSeq/);
    expect(() => chainEvents(GENESIS_HASH, makeInputs(1), 5)).toThrow(/genesis/);
    expect(() => chainEvents('a'.repeat(64), makeInputs(1), 1)).toThrow(/genesis/);
  });

  it('validates every input before hashing it', () => {
    expect(() => chainEvents(GENESIS_HASH, [{ ...makeInput(1), action: 'nope' as never }], 1)).toThrow(
      /action/,
    );
  });
});

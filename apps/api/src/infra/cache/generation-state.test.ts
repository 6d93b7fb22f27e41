// The freshness guarantee, with the clock in the test's hands: an entry is never served once a
// later change of its tenant is known, nor once the node has gone CACHE_MAX_STALENESS_MS
// without confirming its view (and without reloading the entry), whatever messages were lost.
import { describe, expect, it } from 'vitest';
import { GenerationState, type FlushReason } from './generation-state';

const L = 1000;
const T = 'tenant-a';
const U = 'tenant-b';

function started(now = 0) {
  const flushes: FlushReason[] = [];
  const s = new GenerationState(L, (r) => flushes.push(r));
  s.applyPoll({ epoch: 'e1', seq: 10, changed: [] }, now);
  return { s, flushes };
}

describe('GenerationState', () => {
  it('flushes on the first poll and serves what was loaded after it', () => {
    const s = new GenerationState(L);
    const before = s.stamp(0);
    s.applyPoll({ epoch: 'e1', seq: 10, changed: [] }, 0);
    expect(s.isCurrent(before, T, 1)).toBe(false);
    expect(s.isCurrent(s.stamp(1), T, 2)).toBe(true);
  });

  it("retires a tenant's entries at its next change, and only that tenant's", () => {
    const { s } = started();
    const a = s.stamp(1);
    const b = s.stamp(1);
    expect(s.applyChange('e1', T, 11)).toBe(true);
    expect(s.isCurrent(a, T, 2)).toBe(false);
    expect(s.isCurrent(b, U, 2)).toBe(true);
    // Loaded after the change was known: current.
    expect(s.isCurrent(s.stamp(3), T, 4)).toBe(true);
  });

  it('catches a lost message at the next poll', () => {
    const { s } = started();
    const a = s.stamp(1);
    // The message for seq 11 was lost; one for another tenant at 12 arrived.
    s.applyChange('e1', U, 12);
    expect(s.isCurrent(a, T, 2)).toBe(true);
    // An entry loaded now saw change 11 already (committed before bump 11, before bump 12).
    const b = s.stamp(3);
    s.applyPoll(
      {
        epoch: 'e1',
        seq: 12,
        changed: [
          [T, 11],
          [U, 12],
        ],
      },
      250,
    );
    expect(s.isCurrent(a, T, 260)).toBe(false);
    expect(s.isCurrent(b, T, 260)).toBe(true);
  });

  it('does not let a message move the poll cursor past changes it has not seen', () => {
    const { s } = started();
    s.applyChange('e1', U, 12);
    expect(s.pollCursor).toBe(10);
    s.applyPoll(
      {
        epoch: 'e1',
        seq: 12,
        changed: [
          [T, 11],
          [U, 12],
        ],
      },
      250,
    );
    expect(s.pollCursor).toBe(12);
  });

  it('stops serving once the node could not confirm its view for the staleness bound', () => {
    const { s } = started(0);
    const a = s.stamp(100);
    s.pollFailed();
    expect(s.isCurrent(a, T, 100 + L - 1)).toBe(true);
    expect(s.isCurrent(a, T, 100 + L)).toBe(false);
    // While Redis is away, a fresh load is good for the bound and no longer.
    const b = s.stamp(5000);
    expect(s.isCurrent(b, T, 5000 + L - 1)).toBe(true);
    expect(s.isCurrent(b, T, 5000 + L)).toBe(false);
  });

  it('flushes when Redis answers again after an outage, and when Redis lost its data', () => {
    const { s, flushes } = started(0);
    const a = s.stamp(1);
    s.pollFailed();
    s.applyPoll({ epoch: 'e1', seq: 10, changed: [] }, 300);
    expect(s.isCurrent(a, T, 301)).toBe(false);
    const b = s.stamp(302);
    s.applyPoll({ epoch: 'e2', seq: 1, changed: [[T, 1]] }, 550);
    expect(s.isCurrent(b, T, 551)).toBe(false);
    expect(s.pollCursor).toBe(1);
    expect(flushes).toEqual(['start', 'outage', 'epoch']);
  });

  it('ignores a message from another epoch', () => {
    const { s } = started();
    const a = s.stamp(1);
    expect(s.applyChange('e0', T, 99)).toBe(false);
    expect(s.isCurrent(a, T, 2)).toBe(true);
  });

  it('retires entries of no known tenant at any change', () => {
    const { s } = started();
    const missing = s.stamp(1);
    expect(s.isCurrent(missing, null, 2)).toBe(true);
    s.applyChange('e1', U, 11);
    expect(s.isCurrent(missing, null, 3)).toBe(false);
  });

  it('retires everything at a local flush (a change that could not be announced)', () => {
    const { s } = started();
    const a = s.stamp(1);
    s.flushLocal();
    expect(s.isCurrent(a, U, 2)).toBe(false);
  });
});

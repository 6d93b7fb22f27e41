import { describe, expect, it } from 'vitest';
import { planRotation } from './key-rotation';
import type { RotationAction } from './key-rotation';
import type { SigningKeyRecord, SigningKeyState } from './signing-keys';

const DAY = 86_400;
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (sec: number) => new Date(T0.getTime() + sec * 1000);
const policy = { tokenMaxLifetimeSec: 3600, clockSkewSec: 60, rotateAfterSec: 30 * DAY, prePublishSec: DAY };

function key(kid: string, state: SigningKeyState, fields: Partial<SigningKeyRecord> = {}): SigningKeyRecord {
  return {
    kid,
    alg: 'ES256',
    state,
    publicJwk: { kty: 'EC', kid, alg: 'ES256', use: 'sig' },
    createdAt: T0,
    ...fields,
  };
}
const types = (actions: RotationAction[]) => actions.map((a) => `${a.type}:${'kid' in a ? a.kid : a.state}`);

describe('planRotation', () => {
  it('bootstraps with an active key when there is none at all', () => {
    expect(types(planRotation([], at(0), policy))).toEqual(['generate:active']);
  });

  it('promotes a next key at once when nothing is active', () => {
    expect(types(planRotation([key('n', 'next')], at(0), policy))).toEqual(['promote:n']);
  });

  it('does nothing while the active key is young', () => {
    expect(planRotation([key('a', 'active', { activatedAt: at(0) })], at(10 * DAY), policy)).toEqual([]);
  });

  it('publishes the next key prePublishSec before the active key is due', () => {
    const keys = [key('a', 'active', { activatedAt: at(0) })];
    expect(planRotation(keys, at(29 * DAY - 1), policy)).toEqual([]);
    expect(types(planRotation(keys, at(29 * DAY), policy))).toEqual(['generate:next']);
  });

  it('promotes next and retires the old active key together, keeping it published for max lifetime + skew', () => {
    const keys = [key('a', 'active', { activatedAt: at(0) }), key('n', 'next', { createdAt: at(29 * DAY) })];
    const now = at(30 * DAY);
    expect(planRotation(keys, now, policy)).toEqual([
      { type: 'promote', kid: 'n', activatedAt: now, reason: expect.any(String) },
      {
        type: 'retire',
        kid: 'a',
        retiredAt: now,
        publishUntil: at(30 * DAY + 3600 + 60),
        reason: expect.any(String),
      },
    ]);
  });

  it('never lets a next key sign before it has been published for prePublishSec', () => {
    const keys = [
      key('a', 'active', { activatedAt: at(0) }),
      key('n', 'next', { createdAt: at(30 * DAY - 10) }),
    ];
    expect(planRotation(keys, at(30 * DAY), policy)).toEqual([]);
    expect(types(planRotation(keys, at(31 * DAY - 10), policy))).toEqual(['promote:n', 'retire:a']);
  });

  it('drops a retired key only once its publishUntil has passed', () => {
    const retired = key('r', 'retired', { retiredAt: at(0), publishUntil: at(3660) });
    const active = key('a', 'active', { activatedAt: at(0) });
    expect(planRotation([active, retired], at(3659), policy)).toEqual([]);
    expect(types(planRotation([active, retired], at(3660), policy))).toEqual(['drop:r']);
  });

  it('derives the bound for a retired row that lacks publishUntil', () => {
    const retired = key('r', 'retired', { retiredAt: at(0) });
    const active = key('a', 'active', { activatedAt: at(0) });
    expect(planRotation([active, retired], at(3659), policy)).toEqual([]);
    expect(types(planRotation([active, retired], at(3660), policy))).toEqual(['drop:r']);
  });

  it('retires all but the most recently activated key if two are active', () => {
    const keys = [
      key('old', 'active', { activatedAt: at(0) }),
      key('new', 'active', { activatedAt: at(DAY) }),
    ];
    expect(types(planRotation(keys, at(2 * DAY), policy))).toEqual(['retire:old']);
  });

  it('on request, rotates early but still honours pre-publication', () => {
    const young = [key('a', 'active', { activatedAt: at(0) })];
    expect(types(planRotation(young, at(DAY), { ...policy, force: true }))).toEqual(['generate:next']);
    const withNext = [...young, key('n', 'next', { createdAt: at(DAY) })];
    expect(planRotation(withNext, at(DAY + 10), { ...policy, force: true })).toEqual([]);
    expect(types(planRotation(withNext, at(2 * DAY), { ...policy, force: true }))).toEqual([
      'promote:n',
      'retire:a',
    ]);
  });

  it('refuses a nonsensical policy', () => {
    expect(() => planRotation([], at(0), { tokenMaxLifetimeSec: -1 })).toThrow(/tokenMaxLifetimeSec/);
  });

  it('over 200 simulated days, every unexpired token stays verifiable and no key signs unpublished', () => {
    let keys: SigningKeyRecord[] = [];
    let seq = 0;
    let tokens: { kid: string; exp: number }[] = [];
    const publishedSince = new Map<string, number>();
    let promotions = 0;
    const step = 3600;
    for (let t = 0; t <= 200 * DAY; t += step) {
      const now = at(t);
      for (const a of planRotation(keys, now, policy)) {
        if (a.type === 'generate') {
          const kid = `k${seq++}`;
          keys.push(key(kid, a.state, { createdAt: now, ...(a.state === 'active' && { activatedAt: now }) }));
          publishedSince.set(kid, t);
        } else if (a.type === 'promote') {
          keys = keys.map((k) =>
            k.kid === a.kid ? { ...k, state: 'active', activatedAt: a.activatedAt } : k,
          );
          promotions++;
          expect(t - (publishedSince.get(a.kid) as number)).toBeGreaterThanOrEqual(policy.prePublishSec);
        } else if (a.type === 'retire') {
          keys = keys.map((k) =>
            k.kid === a.kid
              ? { ...k, state: 'retired', retiredAt: a.retiredAt, publishUntil: a.publishUntil }
              : k,
          );
        } else {
          keys = keys.filter((k) => k.kid !== a.kid);
        }
      }
      const actives = keys.filter((k) => k.state === 'active');
      expect(actives).toHaveLength(1);
      // Issue a token of the longest lifetime at every step, then check every live token.
      tokens.push({ kid: (actives[0] as SigningKeyRecord).kid, exp: t + policy.tokenMaxLifetimeSec });
      const published = new Set(
        keys.filter((k) => k.state !== 'retired' || (k.publishUntil as Date) > now).map((k) => k.kid),
      );
      tokens = tokens.filter((tok) => tok.exp + policy.clockSkewSec > t);
      for (const tok of tokens) expect(published.has(tok.kid)).toBe(true);
      expect(keys.length).toBeLessThanOrEqual(3);
    }
    expect(promotions).toBe(6); // days 30, 60, ... 180
  });
});

// Signing key rotation as a pure function of the key rows and the time: the caller runs it on
// a schedule, applies the actions in one transaction, then reloads its KeyRing.
import type { SigningKeyRecord } from './signing-keys';

export interface RotationPolicy {
  /** Longest access token lifetime any tenant setting allows. */
  tokenMaxLifetimeSec: number;
  /** Verifiers' clock tolerance: a retired key stays published this much longer. Default 60. */
  clockSkewSec?: number;
  /** How long a key signs before it is replaced. Default 30 days. */
  rotateAfterSec?: number;
  /**
   * How long a new key sits in the JWKS as `next` before it signs, so verifiers that cache
   * the JWKS have it before the first token signed with it arrives. Default 1 day.
   */
  prePublishSec?: number;
  /** Rotate now (an operator asked): publish a next key if needed, promote once pre-published. */
  force?: boolean;
}

export type RotationAction =
  /** Generate a key in this state (`active` only at bootstrap, when nothing can have cached a JWKS). */
  | { type: 'generate'; state: 'active' | 'next'; reason: string }
  | { type: 'promote'; kid: string; activatedAt: Date; reason: string }
  | { type: 'retire'; kid: string; retiredAt: Date; publishUntil: Date; reason: string }
  /** Delete the key: every token it signed has expired. */
  | { type: 'drop'; kid: string; reason: string };

const DAY = 86_400;

/**
 * next -> active -> retired -> dropped. A next key is published `prePublishSec` before it
 * signs; the old active key is retired in the same step as the promotion and stays published
 * until retiredAt + tokenMaxLifetimeSec + clockSkewSec, after which no token it signed can
 * still be accepted, and only then dropped.
 */
export function planRotation(
  keys: readonly SigningKeyRecord[],
  now: Date,
  policy: RotationPolicy,
): RotationAction[] {
  const maxLifetime = nonNegative(policy.tokenMaxLifetimeSec, 'tokenMaxLifetimeSec');
  const skew = nonNegative(policy.clockSkewSec ?? 60, 'clockSkewSec');
  const rotateAfter = nonNegative(policy.rotateAfterSec ?? 30 * DAY, 'rotateAfterSec');
  const prePublish = nonNegative(policy.prePublishSec ?? DAY, 'prePublishSec');
  const retireUntil = addSec(now, maxLifetime + skew);
  const actions: RotationAction[] = [];

  const actives = keys
    .filter((k) => k.state === 'active')
    .sort((a, b) => activeSince(b).getTime() - activeSince(a).getTime());
  const nexts = keys
    .filter((k) => k.state === 'next')
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const [current, ...extraActives] = actives;
  const next = nexts[0];

  for (const extra of extraActives) {
    actions.push({
      type: 'retire',
      kid: extra.kid,
      retiredAt: now,
      publishUntil: retireUntil,
      reason: 'more than one active key',
    });
  }

  if (!current) {
    // Nothing can sign: promote at once rather than wait out the pre-publication period.
    if (next) actions.push({ type: 'promote', kid: next.kid, activatedAt: now, reason: 'no active key' });
    else actions.push({ type: 'generate', state: 'active', reason: 'no signing key yet' });
  } else {
    const age = secondsBetween(activeSince(current), now);
    const due = policy.force === true || age >= rotateAfter;
    if (next && due && secondsBetween(next.createdAt, now) >= prePublish) {
      actions.push({
        type: 'promote',
        kid: next.kid,
        activatedAt: now,
        reason: policy.force ? 'rotation requested' : 'active key reached its rotation age',
      });
      actions.push({
        type: 'retire',
        kid: current.kid,
        retiredAt: now,
        publishUntil: retireUntil,
        reason: 'replaced by the next key',
      });
    } else if (!next && (due || age >= rotateAfter - prePublish)) {
      actions.push({ type: 'generate', state: 'next', reason: 'publish the next key ahead of rotation' });
    }
  }

  for (const k of keys) {
    if (k.state !== 'retired') continue;
    // A row without publishUntil gets the bound it would have been given at retirement.
    const until = k.publishUntil ?? addSec(k.retiredAt ?? k.createdAt, maxLifetime + skew);
    if (until <= now) actions.push({ type: 'drop', kid: k.kid, reason: 'every token it signed has expired' });
  }
  return actions;
}

function activeSince(k: SigningKeyRecord): Date {
  return k.activatedAt ?? k.createdAt;
}

function secondsBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 1000;
}

function addSec(d: Date, sec: number): Date {
  return new Date(d.getTime() + sec * 1000);
}

function nonNegative(v: number, name: string): number {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a non-negative number of seconds`);
  return v;
}

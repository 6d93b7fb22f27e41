// IP, geography and time-window checks: pure functions of the call context.
import type { CallContext } from '../context';
import type { GeoResolver } from '../geo/resolver';
import { parseIp, type ParsedIp } from '../net/ip';
import { checkWindow } from '../time/window';
import { localTime, type LocalTime } from '../time/zone';
import type { CompiledPolicy } from './compiled';

export interface AccessVerdict {
  allowed: boolean;
  reason: string;
}

/** Per-call values computed at most once however many policies need them. */
export class CallFacts {
  #ip: ParsedIp | null | undefined;
  #country: string | null | undefined;
  #local: { zone: string; t: LocalTime } | undefined;
  readonly nowMs: number;

  constructor(
    readonly ctx: CallContext,
    private readonly geo: GeoResolver | undefined,
  ) {
    this.nowMs = typeof ctx.now === 'number' ? ctx.now : ctx.now.getTime();
  }

  ip(): ParsedIp | null {
    if (this.#ip === undefined)
      this.#ip = (typeof this.ctx.ip === 'string' ? parseIp(this.ctx.ip) : undefined) ?? null;
    return this.#ip;
  }

  country(): string | null {
    if (this.#country === undefined) {
      const raw =
        this.ctx.country ??
        (this.geo && typeof this.ctx.ip === 'string' ? this.geo.country(this.ctx.ip) : undefined);
      this.#country = raw && /^[A-Za-z]{2}$/.test(raw) ? raw.toUpperCase() : null;
    }
    return this.#country;
  }

  localTime(zone: string): LocalTime {
    if (this.#local?.zone !== zone) this.#local = { zone, t: localTime(this.nowMs, zone) };
    return this.#local.t;
  }
}

export function checkAccess(p: CompiledPolicy, facts: CallFacts): AccessVerdict {
  if (p.ip) return checkIp(p.ip, facts);
  if (p.geo) return checkGeo(p.geo, facts);
  if (p.window) {
    const zone = p.window.timeZone ?? facts.ctx.timeZone;
    try {
      const w = checkWindow(p.window, facts.nowMs, zone, facts.localTime(zone));
      return { allowed: w.inside, reason: w.reason };
    } catch {
      // An unknown tenant zone cannot be checked: refuse rather than guess.
      return { allowed: false, reason: `time zone '${zone}' is unknown` };
    }
  }
  return { allowed: true, reason: 'nothing to check' };
}

function checkIp(rules: NonNullable<CompiledPolicy['ip']>, facts: CallFacts): AccessVerdict {
  const ip = facts.ip();
  const text = facts.ctx.ip;
  if (!ip) return { allowed: false, reason: `client address '${text}' is not a valid IP address` };
  const denied = rules.deny.find(ip);
  if (denied) return { allowed: false, reason: `${text} is in denied ${denied}` };
  if (rules.allow.size > 0) {
    const allowed = rules.allow.find(ip);
    if (!allowed) return { allowed: false, reason: `${text} is not in the allow list` };
    return { allowed: true, reason: `${text} is in allowed ${allowed}` };
  }
  return { allowed: true, reason: `${text} is not in the deny list` };
}

function checkGeo(rules: NonNullable<CompiledPolicy['geo']>, facts: CallFacts): AccessVerdict {
  const country = facts.country();
  if (!country) {
    return rules.unknown === 'allow'
      ? { allowed: true, reason: 'country unknown; unknown countries are allowed' }
      : { allowed: false, reason: 'country unknown; unknown countries are denied' };
  }
  if (rules.deny?.has(country)) return { allowed: false, reason: `${country} is a denied country` };
  if (rules.allow && !rules.allow.has(country))
    return { allowed: false, reason: `${country} is not an allowed country` };
  return {
    allowed: true,
    reason: rules.allow ? `${country} is an allowed country` : `${country} is not a denied country`,
  };
}

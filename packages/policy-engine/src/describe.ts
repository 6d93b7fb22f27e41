// describePolicy: a policy in plain words, for the console's preview and for audit readers.
import { formatDays } from './time/window';
import { dayNames } from './model/time-window';
import type { LimitScope } from './model/common';
import type { Policy } from './model/policy';
import { describeTarget } from './engine/target';

const PER: Record<LimitScope, string> = {
  agent: 'per agent or person',
  agent_server: 'per agent and server',
  agent_tool: 'per agent and tool',
  client: 'per client application',
  tenant: 'for the whole tenant',
};

const DETECTOR_WORDS: Record<string, string> = {
  email: 'e-mail addresses',
  phone: 'phone numbers',
  card: 'payment card numbers',
  iban: 'IBANs',
  national_id: 'national id numbers',
  secret: 'secrets and keys',
  prompt_injection: 'prompt-injection markers',
};

/** E.g. "At most 100 requests per 60 s per agent or person (burst 20), enforced". */
export function describePolicy(policy: Policy): string {
  const target =
    policy.target && describeTarget(policy.target) !== 'tenant-wide'
      ? ` ${describeTarget(policy.target)}`
      : '';
  const mode = policy.mode === 'monitor' ? 'monitored only (never blocks)' : 'enforced';
  const off = policy.enabled === false ? ' (disabled)' : '';
  return `${what(policy)}${target}, ${mode}${failure(policy)}${off}`;
}

function what(policy: Policy): string {
  switch (policy.kind) {
    case 'rate_limit': {
      const c = policy.config;
      return `At most ${c.limit} ${plural(c.limit, 'request')} per ${duration(c.windowSec)} ${PER[c.per]} (burst ${c.burst})`;
    }
    case 'quota': {
      const c = policy.config;
      return `At most ${c.limit} ${plural(c.limit, 'request')} per calendar ${c.period} ${PER[c.per]}`;
    }
    case 'ip': {
      const c = policy.config;
      const parts: string[] = [];
      if (c.allow.length > 0) parts.push(`Allows only ${list(c.allow)}`);
      if (c.deny.length > 0) parts.push(`${parts.length > 0 ? 'denies' : 'Denies'} ${list(c.deny)}`);
      return parts.join('; ');
    }
    case 'geo': {
      const c = policy.config;
      const parts: string[] = [];
      if (c.allowCountries?.length) parts.push(`Allows calls only from ${list(c.allowCountries)}`);
      if (c.denyCountries?.length)
        parts.push(`${parts.length > 0 ? 'denies' : 'Denies'} calls from ${list(c.denyCountries)}`);
      parts.push(
        `${parts.length > 0 ? 'unknown' : 'Unknown'} countries ${c.unknownCountry === 'allow' ? 'allowed' : 'denied'}`,
      );
      return parts.join('; ');
    }
    case 'time_window': {
      const c = policy.config;
      let days = 0;
      for (const d of c.days) days |= 1 << (typeof d === 'number' ? d : dayNames.indexOf(d));
      const zone = c.timeZone ?? "the tenant's time zone";
      const wraps = c.end !== '24:00' && c.end < c.start ? ' (ending the next day)' : '';
      const dates = c.dateRanges?.length
        ? `, only on ${c.dateRanges.map((r) => (r.from === r.to ? r.from : `${r.from} to ${r.to}`)).join(', ')}`
        : '';
      return `Allows calls ${formatDays(days)} ${c.start}-${c.end}${wraps} in ${zone}${dates}`;
    }
    case 'guardrail': {
      const c = policy.config;
      const direction = {
        request: 'On requests',
        response: 'On responses',
        both: 'On requests and responses',
      }[c.direction];
      const byAction = (action: string) => [
        ...c.detectors.filter((d) => d.action === action).map((d) => DETECTOR_WORDS[d.type] ?? d.type),
        ...c.customPatterns.filter((p) => p.action === action).map((p) => `pattern '${p.name}'`),
      ];
      const parts: string[] = [];
      for (const [action, verb] of [
        ['block', 'blocks'],
        ['redact', 'redacts'],
        ['flag', 'flags'],
      ] as const) {
        const items = byAction(action);
        if (items.length > 0) parts.push(`${verb} ${list(items)}`);
      }
      if (c.maxBytes !== undefined) parts.push(`blocks payloads over ${bytes(c.maxBytes)}`);
      return `${direction}: ${parts.join('; ')}`;
    }
  }
}

function failure(policy: Policy): string {
  if (policy.kind !== 'rate_limit' && policy.kind !== 'quota') return '';
  const mode = policy.failMode ?? (policy.kind === 'rate_limit' && policy.config.strict ? 'closed' : 'open');
  return mode === 'closed'
    ? '; refuses calls when the counter store is unreachable'
    : '; lets calls through when the counter store is unreachable';
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function duration(sec: number): string {
  if (sec % 86_400 === 0 && sec >= 86_400) return sec === 86_400 ? 'day' : `${sec / 86_400} days`;
  if (sec % 3600 === 0 && sec >= 3600) return sec === 3600 ? 'hour' : `${sec / 3600} h`;
  return `${sec} s`;
}

function bytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

// The policy form's state: text as typed (numbers and lists stay strings until sent), one
// config per kind so switching the kind of a new policy keeps what was typed. Pure, tested.
import type { PolicyDraft, PolicyKind, PolicyMode, PolicyView } from '@portcullis/sdk';
import type { FieldErrors } from '@/lib/problem';
import {
  dayNumber,
  DETECTORS,
  type DetectorType,
  type Direction,
  type GuardrailAction,
  type LimitScope,
} from './policy-kinds';

export interface CommonForm {
  name: string;
  kind: PolicyKind;
  serverId: string;
  agentId: string;
  tool: string;
  mode: PolicyMode;
  priority: string;
  enabled: boolean;
  failMode: '' | 'open' | 'closed';
}

export interface RateLimitForm {
  limit: string;
  windowSec: string;
  burst: string;
  per: LimitScope;
  strict: boolean;
}
export interface QuotaForm {
  limit: string;
  period: 'day' | 'month';
  per: LimitScope;
}
export interface IpForm {
  allow: string;
  deny: string;
}
export interface GeoForm {
  allowCountries: string;
  denyCountries: string;
  unknownCountry: 'allow' | 'deny';
}
export interface TimeWindowForm {
  timeZone: string;
  days: number[];
  start: string;
  end: string;
  dateRanges: string;
}
export interface PatternForm {
  key: number;
  name: string;
  pattern: string;
  action: GuardrailAction;
}
export interface GuardrailForm {
  direction: Direction;
  detectors: Partial<Record<DetectorType, GuardrailAction>>;
  customPatterns: PatternForm[];
  maxBytes: string;
}

export interface ConfigForms {
  rate_limit: RateLimitForm;
  quota: QuotaForm;
  ip: IpForm;
  geo: GeoForm;
  time_window: TimeWindowForm;
  guardrail: GuardrailForm;
}

export interface PolicyForm {
  common: CommonForm;
  config: ConfigForms;
}

export function defaultConfigs(): ConfigForms {
  return {
    rate_limit: { limit: '60', windowSec: '60', burst: '', per: 'agent', strict: false },
    quota: { limit: '10000', period: 'day', per: 'agent' },
    ip: { allow: '', deny: '' },
    geo: { allowCountries: '', denyCountries: '', unknownCountry: 'allow' },
    time_window: { timeZone: '', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', dateRanges: '' },
    guardrail: {
      direction: 'both',
      detectors: { card: 'redact', secret: 'block' },
      customPatterns: [],
      maxBytes: '',
    },
  };
}

export function newPolicyForm(kind: PolicyKind = 'rate_limit'): PolicyForm {
  return {
    common: {
      name: '',
      kind,
      serverId: '',
      agentId: '',
      tool: '',
      mode: 'enforce',
      priority: '0',
      enabled: true,
      failMode: '',
    },
    config: defaultConfigs(),
  };
}

// --- reading a stored policy into the form -------------------------------------------------
// A stored policy is valid (the API answers it by the engine's schema of its kind), so its
// config is read as typed; only numbers become the text the fields hold.

const text = (v: number | undefined): string => (v === undefined ? '' : String(v));

let patternKeys = 0;
export const nextPatternKey = () => ++patternKeys;

export function formFromPolicy(p: PolicyView): PolicyForm {
  const form = newPolicyForm(p.kind);
  form.common = {
    name: p.name,
    kind: p.kind,
    serverId: p.target.serverId ?? '',
    agentId: p.target.agentId ?? '',
    tool: p.target.tool ?? '',
    mode: p.mode,
    priority: String(p.priority),
    enabled: p.enabled,
    failMode: p.failMode ?? '',
  };
  switch (p.kind) {
    case 'rate_limit': {
      const c = p.config;
      form.config.rate_limit = {
        limit: text(c.limit),
        windowSec: text(c.windowSec),
        burst: text(c.burst),
        per: c.per,
        strict: c.strict === true,
      };
      break;
    }
    case 'quota':
      form.config.quota = { limit: text(p.config.limit), period: p.config.period, per: p.config.per };
      break;
    case 'ip':
      form.config.ip = { allow: p.config.allow.join('\n'), deny: p.config.deny.join('\n') };
      break;
    case 'geo':
      form.config.geo = {
        allowCountries: (p.config.allowCountries ?? []).join(', '),
        denyCountries: (p.config.denyCountries ?? []).join(', '),
        unknownCountry: p.config.unknownCountry,
      };
      break;
    case 'time_window': {
      const c = p.config;
      form.config.time_window = {
        timeZone: c.timeZone ?? '',
        days: c.days
          .map(dayNumber)
          .filter((d): d is number => d !== undefined)
          .sort(),
        start: c.start,
        end: c.end,
        dateRanges: (c.dateRanges ?? [])
          .map((r) => (r.from === r.to ? r.from : `${r.from} to ${r.to}`))
          .join('\n'),
      };
      break;
    }
    case 'guardrail': {
      const c = p.config;
      form.config.guardrail = {
        direction: c.direction,
        detectors: Object.fromEntries(c.detectors.map((d) => [d.type, d.action])),
        customPatterns: c.customPatterns.map((cp) => ({
          key: nextPatternKey(),
          name: cp.name,
          pattern: cp.pattern,
          action: cp.action,
        })),
        maxBytes: text(c.maxBytes),
      };
      break;
    }
  }
  return form;
}

// --- turning the form into a draft --------------------------------------------------------------

/** A number when the text is one; the text itself otherwise, so the API names the problem. */
export function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

export const splitLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
export const splitCodes = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

/** "2026-12-24" or "2026-12-24 to 2026-12-31" (also "..", "–" or a plain dash between dates). */
export function parseDateRange(line: string): { from: string; to: string } {
  const m = /^(\S+)\s*(?:to|\.\.|–|—|\s-\s)\s*(\S+)$/i.exec(line.trim());
  return m ? { from: m[1]!, to: m[2]! } : { from: line.trim(), to: line.trim() };
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function configOf(kind: PolicyKind, forms: ConfigForms): Record<string, unknown> {
  switch (kind) {
    case 'rate_limit': {
      const f = forms.rate_limit;
      return withoutUndefined({
        limit: numberOrText(f.limit),
        windowSec: numberOrText(f.windowSec),
        // The burst defaults to the limit: the whole window's allowance may arrive at once.
        burst: numberOrText(f.burst) ?? numberOrText(f.limit),
        per: f.per,
        ...(f.strict ? { strict: true } : {}),
      });
    }
    case 'quota': {
      const f = forms.quota;
      return withoutUndefined({ limit: numberOrText(f.limit), period: f.period, per: f.per });
    }
    case 'ip':
      return { allow: splitLines(forms.ip.allow), deny: splitLines(forms.ip.deny) };
    case 'geo': {
      const f = forms.geo;
      const allow = splitCodes(f.allowCountries);
      const deny = splitCodes(f.denyCountries);
      return {
        ...(allow.length ? { allowCountries: allow } : {}),
        ...(deny.length ? { denyCountries: deny } : {}),
        unknownCountry: f.unknownCountry,
      };
    }
    case 'time_window': {
      const f = forms.time_window;
      const ranges = splitLines(f.dateRanges).map(parseDateRange);
      return {
        ...(f.timeZone.trim() ? { timeZone: f.timeZone.trim() } : {}),
        days: [...f.days].sort(),
        start: f.start.trim(),
        end: f.end.trim(),
        ...(ranges.length ? { dateRanges: ranges } : {}),
      };
    }
    case 'guardrail': {
      const f = forms.guardrail;
      return withoutUndefined({
        direction: f.direction,
        detectors: DETECTORS.filter((d) => f.detectors[d.value]).map((d) => ({
          type: d.value,
          action: f.detectors[d.value]!,
        })),
        customPatterns: f.customPatterns.map((p) => ({
          name: p.name.trim(),
          pattern: p.pattern,
          action: p.action,
        })),
        maxBytes: numberOrText(f.maxBytes),
      });
    }
  }
}

export function draftFromForm(form: PolicyForm): PolicyDraft {
  const c = form.common;
  const target = withoutUndefined({
    serverId: c.serverId || undefined,
    agentId: c.agentId || undefined,
    tool: c.tool.trim() || undefined,
  });
  const limits = c.kind === 'rate_limit' || c.kind === 'quota';
  const priority = numberOrText(c.priority);
  return {
    name: c.name.trim(),
    kind: c.kind,
    target,
    mode: c.mode,
    priority: typeof priority === 'number' ? priority : 0,
    enabled: c.enabled,
    ...(limits && c.failMode ? { failMode: c.failMode } : {}),
    config: configOf(c.kind, form.config),
  };
}

/** A stored policy as a draft (for the simulator and the back-test), switched on. */
export function draftFromPolicy(p: PolicyView): PolicyDraft {
  return {
    name: p.name,
    kind: p.kind,
    target: { ...p.target },
    mode: p.mode,
    priority: p.priority,
    enabled: true,
    ...(p.failMode ? { failMode: p.failMode } : {}),
    config: p.config,
  };
}

// --- field errors, addressed by path ('config.allow.1') ----------------------------------------

/** The message for a field: its own, or the first one nested under it. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const nested = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return nested ? errors[nested] : undefined;
}

const LABELS: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  mode: 'Mode',
  priority: 'Priority',
  enabled: 'On',
  failMode: 'If the counter store is unreachable',
  'target.serverId': 'Server',
  'target.agentId': 'Agent',
  'target.tool': 'Tool',
  'config.limit': 'Requests allowed',
  'config.windowSec': 'Per window',
  'config.burst': 'Burst',
  'config.per': 'Counted',
  'config.strict': 'Strict',
  'config.period': 'Period',
  'config.allow': 'Allow only',
  'config.deny': 'Deny',
  'config.allowCountries': 'Allow only countries',
  'config.denyCountries': 'Deny countries',
  'config.unknownCountry': 'Unknown country',
  'config.days': 'Days',
  'config.start': 'From',
  'config.end': 'Until',
  'config.timeZone': 'Time zone',
  'config.dateRanges': 'Dates',
  'config.direction': 'Scan',
  'config.maxBytes': 'Maximum size',
  'config.detectors': 'Detectors',
  'config.customPatterns': 'Pattern',
};

/** Fields typed one entry per line. */
const LINE_LISTS = ['config.allow', 'config.deny', 'config.dateRanges'];

/** The form's name for an error path: "Allow only (line 2)", "Pattern 1: name", "Burst". */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const label = LABELS[parts.slice(0, n).join('.')];
    if (!label) continue;
    const rest = parts.slice(n);
    if (rest.length === 0) return label;
    const index = Number(rest[0]);
    if (!Number.isInteger(index)) return `${label}: ${rest.join('.')}`;
    const field = rest.slice(1).join('.');
    const key = parts.slice(0, n).join('.');
    if (key === 'config.customPatterns') return `${label} ${index + 1}${field ? `: ${field}` : ''}`;
    return `${label} (${LINE_LISTS.includes(key) ? 'line' : 'item'} ${index + 1})`;
  }
  return path || 'Policy';
}

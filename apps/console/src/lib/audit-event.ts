// Reading an audit event for display. `details` is free-form per action, so the fields the
// console shows from it are read defensively.
import type { AuditEventView, DecisionView } from '@portcullis/sdk';

export type Tone = 'gray' | 'indigo' | 'green' | 'amber' | 'red' | 'sky';

const OUTCOME_TONES: Record<string, Tone> = {
  success: 'green',
  allow: 'green',
  failure: 'amber',
  error: 'amber',
  denied: 'red',
  deny: 'red',
  redact: 'sky',
  flag: 'amber',
  skipped: 'gray',
};

export const outcomeTone = (outcome: string | null | undefined): Tone =>
  OUTCOME_TONES[outcome ?? ''] ?? 'gray';

/** Names of users and API tokens by id (their events carry only the id). */
export type ActorNames = ReadonlyMap<string, string>;

export function actorLabel(e: AuditEventView, names?: ActorNames): string {
  if (e.actor.type === 'system') return e.actor.label ?? 'system';
  return e.actor.label ?? names?.get(e.actor.id) ?? e.actor.id;
}

export function targetLabel(e: AuditEventView): string | undefined {
  if (!e.target) return undefined;
  return e.target.label ?? e.target.id;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What a gateway.call event says about the call. */
export function callDetails(e: AuditEventView): {
  method?: string;
  tool?: string;
  latencyMs?: number;
  via?: string;
} {
  const d = e.details;
  return { method: str(d.method), tool: str(d.tool), latencyMs: num(d.latencyMs), via: str(d.via) };
}

export interface DecisionFinding {
  detector: string;
  path: string;
  action?: string;
  label?: string;
  /** Masked hint of the match (the value itself is never reported). */
  hint?: string;
}

export interface DecisionLimit {
  limit: number;
  remaining?: number;
  windowSec?: number;
  retryAfterSec?: number;
}

export interface DecisionEntry {
  policyId?: string;
  name: string;
  kind?: string;
  mode?: string;
  outcome: string;
  reason?: string;
  /** False for a policy listed although its target does not cover the call. */
  matched?: boolean;
  findings: DecisionFinding[];
  limit?: DecisionLimit;
  storeFailure?: string;
}

export interface RecordedDecision {
  outcome?: string;
  deniedBy: string[];
  entries: DecisionEntry[];
}

function findingOf(v: unknown): DecisionFinding | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const f = v as Record<string, unknown>;
  const detector = str(f.detector) ?? str(f.label);
  if (!detector) return undefined;
  return {
    detector,
    path: str(f.path) ?? '$',
    action: str(f.action),
    label: str(f.label),
    hint: str(f.hint),
  };
}

function limitOf(v: unknown): DecisionLimit | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const l = v as Record<string, unknown>;
  const limit = num(l.limit);
  if (limit === undefined) return undefined;
  return {
    limit,
    remaining: num(l.remaining),
    windowSec: num(l.windowSec),
    retryAfterSec: num(l.retryAfterSec),
  };
}

function entryOf(v: unknown): DecisionEntry | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const e = v as Record<string, unknown>;
  const name = str(e.name) ?? str(e.policyId);
  if (!name) return undefined;
  const failure = e.storeFailure;
  return {
    policyId: str(e.policyId),
    name,
    kind: str(e.kind),
    mode: str(e.mode),
    outcome: str(e.outcome) ?? '—',
    reason: str(e.reason),
    ...(typeof e.matched === 'boolean' ? { matched: e.matched } : {}),
    limit: limitOf(e.limit),
    findings: Array.isArray(e.findings)
      ? e.findings.map(findingOf).filter((f): f is DecisionFinding => !!f)
      : [],
    storeFailure:
      typeof failure === 'string'
        ? failure
        : failure && typeof failure === 'object'
          ? str((failure as Record<string, unknown>).failMode)
          : undefined,
  };
}

/** The policy decision recorded in an event's details (`details.policy`), when there is one.
 * Accepts the recorded summary ({ outcome, deniedBy, entries }) and a full explanation list. */
export function recordedDecision(details: Record<string, unknown>): RecordedDecision | undefined {
  const p = details.policy;
  if (!p || typeof p !== 'object') return undefined;
  const raw = Array.isArray(p)
    ? p
    : ((p as Record<string, unknown>).entries ?? (p as Record<string, unknown>).explanation);
  const entries = Array.isArray(raw) ? raw.map(entryOf).filter((e): e is DecisionEntry => !!e) : [];
  const o = Array.isArray(p) ? {} : (p as Record<string, unknown>);
  const deniedBy = Array.isArray(o.deniedBy)
    ? o.deniedBy.filter((d): d is string => typeof d === 'string')
    : [];
  if (entries.length === 0 && !str(o.outcome)) return undefined;
  return { outcome: str(o.outcome), deniedBy, entries };
}

/** A simulated decision, read the same way as a recorded one. */
export function decisionFromView(d: DecisionView): RecordedDecision {
  return (
    recordedDecision({
      policy: { outcome: d.outcome, deniedBy: d.deniedBy, explanation: d.explanation },
    }) ?? { outcome: d.outcome, deniedBy: d.deniedBy, entries: [] }
  );
}

/** Short form of a SHA-256 hex for tables. */
export const shortHash = (h: string) => (h.length > 16 ? `${h.slice(0, 10)}…${h.slice(-6)}` : h);

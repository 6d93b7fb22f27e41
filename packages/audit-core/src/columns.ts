// A stored event as its table's columns (flat: actorType, actorId...; NULL where absent), and what
// is done with one: the event it was sealed from, and the verifier's entry for it. The entry's
// canonical body is written straight from the columns, in the canonical key order, instead of
// building the event, its actor and target, and canonicalizing the lot: a verification does this
// for every stored event, and the generic path cost more than the SHA-256 itself. Property-tested
// to give exactly canonicalJson(hashBody(eventFromColumns(row))) (columns.test.ts).
import type { ChainEntry, EventRecord } from './entry';
import { canonicalJson } from './canonical';
import { hashBody, hashCanonicalBody } from './hash';
import type { AuditEvent } from './schema';

export interface EventColumns {
  id: string;
  tenantId: string;
  /** A number, or a bigint or its decimal text (as drivers read a bigint column). */
  seq: bigint | number | string;
  /** A Date, or its ISO 8601 text (`toISOString()`'s form). */
  time: Date | string;
  actorType: string;
  actorId: string;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  outcome: string;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  country: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

const isoTime = (time: Date | string): string => (typeof time === 'string' ? time : time.toISOString());

/** The event a row was sealed from. Empty optional columns are absent from it, as when it was sealed. */
export function eventFromColumns(r: EventColumns): AuditEvent {
  return {
    id: r.id,
    tenantId: r.tenantId,
    seq: Number(r.seq),
    time: isoTime(r.time),
    actor: {
      type: r.actorType as AuditEvent['actor']['type'],
      id: r.actorId,
      ...(r.actorLabel ? { label: r.actorLabel } : {}),
    },
    action: r.action as AuditEvent['action'],
    ...(r.targetType
      ? {
          target: {
            type: r.targetType,
            id: r.targetId ?? '',
            ...(r.targetLabel ? { label: r.targetLabel } : {}),
          },
        }
      : {}),
    outcome: r.outcome as AuditEvent['outcome'],
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.requestId ? { requestId: r.requestId } : {}),
    ...(r.ip ? { ip: r.ip } : {}),
    ...(r.country ? { country: r.country } : {}),
    details: r.details as AuditEvent['details'],
    prevHash: r.prevHash,
    hash: r.hash,
  } as AuditEvent;
}

/** Text that is its own JSON string body: nothing to escape, no lone surrogate. */
// eslint-disable-next-line no-control-regex -- control characters are among what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `,"key":value` (no comma for the first), or nothing for an absent value. */
function member(first: boolean, key: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' && !NEEDS_ESCAPE.test(value) ? '"' + value + '"' : canonicalJson(value);
  return (first ? '"' : ',"') + key + '":' + text;
}

/** An optional text column: absent when NULL or empty, as eventFromColumns leaves it. */
const optional = (key: string, value: string | null): string => (value ? member(false, key, value) : '');

/**
 * The members written first in their object, so without a comma. The table never leaves them
 * NULL; a row that does anyway takes the generic path (any other NULL member is simply left out,
 * as the generic path leaves it out).
 */
const OPENING = ['action', 'actorId'] as const;

/** canonicalJson(hashBody(eventFromColumns(r))), written in canonical key order. */
export function canonicalColumnsBody(r: EventColumns): string {
  for (const column of OPENING)
    if (r[column] === null || r[column] === undefined) return canonicalJson(hashBody(eventFromColumns(r)));
  return (
    '{' +
    member(true, 'action', r.action) +
    ',"actor":{' +
    member(true, 'id', r.actorId) +
    optional('label', r.actorLabel) +
    member(false, 'type', r.actorType) +
    '}' +
    optional('country', r.country) +
    member(false, 'details', r.details) +
    member(false, 'id', r.id) +
    optional('ip', r.ip) +
    member(false, 'outcome', r.outcome) +
    optional('reason', r.reason) +
    optional('requestId', r.requestId) +
    member(false, 'seq', Number(r.seq)) +
    (r.targetType
      ? ',"target":{' +
        member(true, 'id', r.targetId ?? '') +
        optional('label', r.targetLabel) +
        member(false, 'type', r.targetType) +
        '}'
      : '') +
    member(false, 'tenantId', r.tenantId) +
    member(false, 'time', isoTime(r.time)) +
    '}'
  );
}

class ColumnsEntry implements ChainEntry {
  readonly seq: number | undefined;

  constructor(private readonly row: EventColumns) {
    const seq = Number(row.seq);
    this.seq = Number.isSafeInteger(seq) ? seq : undefined;
  }

  get tenantId(): unknown {
    return this.row.tenantId;
  }

  get prevHash(): unknown {
    return this.row.prevHash;
  }

  get hash(): unknown {
    return this.row.hash;
  }

  selfOk(): boolean {
    const { prevHash, hash } = this.row;
    if (typeof prevHash !== 'string' || typeof hash !== 'string') return false;
    try {
      return hashCanonicalBody(prevHash, canonicalColumnsBody(this.row)) === hash;
    } catch {
      return false; // no JSON form (a lone surrogate, say): it cannot be what was sealed
    }
  }

  event(): EventRecord | undefined {
    return eventFromColumns(this.row) as unknown as EventRecord;
  }
}

/** The verifier's entry for a stored row (ChainVerifier.pushEntry). */
export function entryFromColumns(row: EventColumns): ChainEntry {
  return new ColumnsEntry(row);
}

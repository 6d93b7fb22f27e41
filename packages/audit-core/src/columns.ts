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

/** EventColumns' columns, in the order columnsFromValues takes their values. */
export const EVENT_COLUMNS = [
  'id',
  'tenantId',
  'seq',
  'time',
  'actorType',
  'actorId',
  'actorLabel',
  'action',
  'targetType',
  'targetId',
  'targetLabel',
  'outcome',
  'reason',
  'requestId',
  'ip',
  'country',
  'details',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof EventColumns)[];

/** A row read as the array of its values in EVENT_COLUMNS order (a bulk read's row). */
export function columnsFromValues(v: readonly unknown[]): EventColumns {
  return {
    id: v[0],
    tenantId: v[1],
    seq: v[2],
    time: v[3],
    actorType: v[4],
    actorId: v[5],
    actorLabel: v[6],
    action: v[7],
    targetType: v[8],
    targetId: v[9],
    targetLabel: v[10],
    outcome: v[11],
    reason: v[12],
    requestId: v[13],
    ip: v[14],
    country: v[15],
    details: v[16],
    prevHash: v[17],
    hash: v[18],
  } as EventColumns;
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

/** The JSON text of a value: a string with nothing to escape as it stands, anything else canonicalized. */
const json = (value: unknown): string =>
  typeof value === 'string' && !NEEDS_ESCAPE.test(value) ? '"' + value + '"' : canonicalJson(value);

/** `prefix` (`,"key":`) and the value's text, or nothing when the column is NULL. */
const present = (prefix: string, value: unknown): string =>
  value === null || value === undefined ? '' : prefix + json(value);

/** The same for an optional text column, also absent when empty (as eventFromColumns leaves it). */
const nonEmpty = (prefix: string, value: string | null): string => (value ? prefix + json(value) : '');

/** canonicalJson(hashBody(eventFromColumns(r))), written in canonical key order. */
export function canonicalColumnsBody(r: EventColumns): string {
  // The two members written first in their object, so without a comma before them: the table
  // never leaves them NULL, and a row that does anyway takes the generic path. (Any other NULL
  // member is simply left out, as the generic path leaves it out.)
  if (r.action === null || r.action === undefined || r.actorId === null || r.actorId === undefined)
    return canonicalJson(hashBody(eventFromColumns(r)));
  return (
    '{"action":' +
    json(r.action) +
    ',"actor":{"id":' +
    json(r.actorId) +
    nonEmpty(',"label":', r.actorLabel) +
    present(',"type":', r.actorType) +
    '}' +
    nonEmpty(',"country":', r.country) +
    present(',"details":', r.details) +
    present(',"id":', r.id) +
    nonEmpty(',"ip":', r.ip) +
    present(',"outcome":', r.outcome) +
    nonEmpty(',"reason":', r.reason) +
    nonEmpty(',"requestId":', r.requestId) +
    ',"seq":' +
    json(Number(r.seq)) +
    (r.targetType
      ? ',"target":{"id":' +
        json(r.targetId ?? '') +
        nonEmpty(',"label":', r.targetLabel) +
        ',"type":' +
        json(r.targetType) +
        '}'
      : '') +
    present(',"tenantId":', r.tenantId) +
    present(',"time":', isoTime(r.time)) +
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

// Rows read back from a database rarely look exactly like the sealed event: NULL columns,
// Date objects, BIGINT sequence numbers. This maps a row back to the event it was sealed from.
import { type AuditEvent, parseAuditEvent } from './schema';

const NESTED = ['actor', 'target'] as const;

function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/**
 * The sealed event a stored row stands for: NULL fields dropped (at the top and inside
 * actor/target, never inside details), a Date `time` as its ISO string, a bigint `seq` as a
 * number. Validates the result, so a row that cannot be an event fails here, not in a hash.
 * The hash does not change: hashing already treats NULL like absence and Date via toJSON.
 */
export function eventFromStoredRow(row: Record<string, unknown>): AuditEvent {
  const event = dropNulls(row);
  for (const key of NESTED) {
    const v = event[key];
    if (typeof v === 'object' && v !== null) event[key] = dropNulls(v as Record<string, unknown>);
  }
  if (event['time'] instanceof Date) event['time'] = event['time'].toISOString();
  if (typeof event['seq'] === 'bigint') {
    if (event['seq'] > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('seq beyond 2^53');
    event['seq'] = Number(event['seq']);
  }
  return parseAuditEvent(event);
}

// CSV export (RFC 4180) for spreadsheets and SIEM imports. Not verifiable on its own: the
// NDJSON export is the evidence; this is the readable view of the same events.
import type { AnyIterable } from './iter';
import type { AuditEvent } from './schema';

export const CSV_COLUMNS = [
  'seq',
  'id',
  'time',
  'tenant_id',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target_type',
  'target_id',
  'target_label',
  'outcome',
  'reason',
  'request_id',
  'ip',
  'country',
  'details',
  'prev_hash',
  'hash',
] as const;

export interface CsvOptions {
  /**
   * Prefix text cells starting with = + - @ TAB or CR with a single quote, so a spreadsheet
   * does not run attacker-chosen text (a reason, a label) as a formula. Default true.
   */
  guardFormulas?: boolean;
  /** Emit the column names first. Default true. */
  header?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field: quoted when it holds a quote, comma, CR or LF; quotes doubled. */
export function csvField(value: string | number | undefined | null, guardFormulas = true): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = guardFormulas && FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(event: AuditEvent, guardFormulas = true): string {
  const cells: Array<string | number | undefined> = [
    event.seq,
    event.id,
    event.time,
    event.tenantId,
    event.actor.type,
    event.actor.id,
    event.actor.label,
    event.action,
    event.target?.type,
    event.target?.id,
    event.target?.label,
    event.outcome,
    event.reason,
    event.requestId,
    event.ip,
    event.country,
    JSON.stringify(event.details),
    event.prevHash,
    event.hash,
  ];
  return cells.map((c) => csvField(c, guardFormulas)).join(',') + '\r\n';
}

/** Streams CSV rows (CRLF-terminated), one event in memory at a time. */
export async function* toCsvRows(
  events: AnyIterable<AuditEvent>,
  options: CsvOptions = {},
): AsyncGenerator<string> {
  const guard = options.guardFormulas ?? true;
  if (options.header ?? true) yield CSV_COLUMNS.join(',') + '\r\n';
  for await (const event of events) yield csvRow(event, guard);
}

import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, csvRow, toCsvRows } from './csv';
import type { AuditEvent } from './schema';
import { asAsync, makeChain } from './test-support/fixtures';

// A strict RFC 4180 reader, to check that what we write reads back to the same cells.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
    i++;
  }
  if (quoted) throw new Error('unterminated quote');
  return rows;
}

describe('csvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line1\nline2', '"line1\nline2"'],
    ['line1\r\nline2', '"line1\r\nline2"'],
    ['', ''],
    ['  spaced  ', '  spaced  '],
  ])('%j -> %j', (input, output) => {
    expect(csvField(input)).toBe(output);
  });

  it('writes nothing for a missing value and numbers as they are', () => {
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(-42)).toBe('-42');
  });

  it('defuses text a spreadsheet would run as a formula, unless told not to', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('=1+1', false)).toBe('=1+1');
  });
});

describe('CSV export', () => {
  it('flattens actor and target, keeps details as JSON, and reads back cell for cell', async () => {
    const [event] = makeChain(1) as [AuditEvent];
    const tricky: AuditEvent = {
      ...event,
      reason: '=cmd|"/c calc"',
      actor: { ...event.actor, label: 'Ops, "night" shift\nteam' },
    };
    let text = '';
    for await (const row of toCsvRows(asAsync([tricky]))) text += row;
    const [header, row] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const cells = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row?.[i]]));
    expect(cells).toMatchObject({
      seq: '1',
      actor_type: 'agent',
      actor_label: 'Ops, "night" shift\nteam',
      target_type: 'tool',
      target_id: 'srv_crm/search',
      reason: `'=cmd|"/c calc"`,
      hash: event.hash,
    });
    expect(JSON.parse(cells['details'] as string)).toEqual(event.details);
  });

  it('writes one CRLF-terminated row per event, with or without a header', async () => {
    const events = makeChain(3);
    const rows: string[] = [];
    for await (const row of toCsvRows(events, { header: false })) rows.push(row);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.endsWith('\r\n'))).toBe(true);
    expect(rows[0]).toBe(csvRow(events[0] as AuditEvent));
    expect(parseCsv(rows.join('')).every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('leaves the cells of absent optional fields empty', () => {
    const [event] = makeChain(1) as [AuditEvent];
    const { target: _t, ...bare } = event;
    const [row] = parseCsv(csvRow({ ...bare, reason: undefined } as AuditEvent));
    expect(row?.[CSV_COLUMNS.indexOf('target_id')]).toBe('');
    expect(row?.[CSV_COLUMNS.indexOf('reason')]).toBe('');
  });
});

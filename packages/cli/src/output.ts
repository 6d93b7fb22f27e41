// Human output (tables, key/value lists) by default; --json prints what the API answered.
export interface Out {
  json: boolean;
  write(text: string): void;
}

export const stdout: (json: boolean) => Out = (json) => ({ json, write: (t) => process.stdout.write(t) });

/** A value as a table cell: short, one line. */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (Array.isArray(v))
    return v.length === 0 ? '-' : v.every((x) => typeof x !== 'object') ? v.join(',') : `${v.length} items`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).replace(/\s+/g, ' ');
}

/** `a.b` reads a nested field. */
export const pick = (row: unknown, column: string): unknown =>
  column
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      row,
    );

export function table(rows: unknown[], columns: string[]): string {
  const head = columns.map((c) =>
    c
      .split('.')
      .at(-1)!
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toUpperCase(),
  );
  const body = rows.map((r) => columns.map((c) => cell(pick(r, c))));
  const widths = columns.map((_, i) => Math.max(head[i]!.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

export function keyValues(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  const width = Math.max(0, ...keys.map((k) => k.length));
  return (
    keys
      .map(
        (k) =>
          `${k.padEnd(width)}  ${typeof obj[k] === 'object' && obj[k] !== null ? JSON.stringify(obj[k]) : cell(obj[k])}`,
      )
      .join('\n') + '\n'
  );
}

export function print(out: Out, value: unknown, human: () => string): void {
  out.write(out.json ? `${JSON.stringify(value, null, 2)}\n` : human());
}

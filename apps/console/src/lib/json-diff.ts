// A readable side-by-side diff of two JSON values, for reviewing a tool definition that changed
// since it was approved. Pure, so it is unit-tested.

type Json = unknown;

/** Nested keys sorted (the API fingerprints the canonical form, so key order never matters and
 * must not show as a change); the top level keeps its order (description first reads better). */
function ordered(value: Json, depth = 0): Json {
  if (Array.isArray(value)) return value.map((v) => ordered(v, depth + 1));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, Json>);
    if (depth > 0) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, ordered(v, depth + 1)]));
  }
  return value;
}

export function prettyJson(value: Json): string {
  return JSON.stringify(ordered(value), null, 2) ?? 'null';
}

export type LineKind = 'same' | 'removed' | 'added';
/** A piece of a line; `changed` marks the part that differs from its counterpart. */
export interface Segment {
  text: string;
  changed: boolean;
}
export interface Cell {
  /** 1-based line number in its side. */
  line: number;
  text: string;
  kind: LineKind;
  segments: Segment[];
}
export interface DiffRow {
  left: Cell | null;
  right: Cell | null;
}

type Op = { kind: LineKind; text: string };

// Beyond this many line pairs the LCS table gets too big for a browser tab; such a definition is
// shown as entirely replaced, which is still correct, just less precise.
const MAX_CELLS = 4_000_000;

function lineOps(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((text) => ({ kind: 'removed' as const, text })),
      ...b.map((text) => ({ kind: 'added' as const, text })),
    ];
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ kind: 'removed', text: a[i++]! });
    else ops.push({ kind: 'added', text: b[j++]! });
  }
  while (i < a.length) ops.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) ops.push({ kind: 'added', text: b[j++]! });
  return ops;
}

/** Splits two lines into common prefix, differing middle and common suffix. */
export function segmentPair(left: string, right: string): [Segment[], Segment[]] {
  let start = 0;
  while (start < left.length && start < right.length && left[start] === right[start]) start++;
  let end = 0;
  while (
    end < left.length - start &&
    end < right.length - start &&
    left[left.length - 1 - end] === right[right.length - 1 - end]
  )
    end++;
  const split = (s: string): Segment[] =>
    [
      { text: s.slice(0, start), changed: false },
      { text: s.slice(start, s.length - end), changed: true },
      { text: s.slice(s.length - end), changed: false },
    ].filter((seg) => seg.text.length > 0);
  return [split(left), split(right)];
}

const whole = (text: string, changed: boolean): Segment[] => (text ? [{ text, changed }] : []);

/** Rows for a side-by-side view: unchanged lines face each other, a run of removed lines is
 * paired with the run of added lines that replaced it. */
export function sideBySide(before: Json, after: Json): DiffRow[] {
  const ops = lineOps(prettyJson(before).split('\n'), prettyJson(after).split('\n'));
  const rows: DiffRow[] = [];
  let leftLine = 0;
  let rightLine = 0;
  let k = 0;
  while (k < ops.length) {
    const op = ops[k]!;
    if (op.kind === 'same') {
      leftLine++;
      rightLine++;
      rows.push({
        left: { line: leftLine, text: op.text, kind: 'same', segments: whole(op.text, false) },
        right: { line: rightLine, text: op.text, kind: 'same', segments: whole(op.text, false) },
      });
      k++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (k < ops.length && ops[k]!.kind !== 'same') {
      (ops[k]!.kind === 'removed' ? removed : added).push(ops[k]!.text);
      k++;
    }
    for (let n = 0; n < Math.max(removed.length, added.length); n++) {
      const l = removed[n];
      const r = added[n];
      const [ls, rs] =
        l !== undefined && r !== undefined ? segmentPair(l, r) : [whole(l ?? '', true), whole(r ?? '', true)];
      rows.push({
        left: l === undefined ? null : { line: ++leftLine, text: l, kind: 'removed', segments: ls },
        right: r === undefined ? null : { line: ++rightLine, text: r, kind: 'added', segments: rs },
      });
    }
  }
  return rows;
}

export function countChanges(rows: DiffRow[]): { removed: number; added: number } {
  let removed = 0;
  let added = 0;
  for (const r of rows) {
    if (r.left?.kind === 'removed') removed++;
    if (r.right?.kind === 'added') added++;
  }
  return { removed, added };
}

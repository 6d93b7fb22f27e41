// Walks a JSON value, runs the scan rules over every string (values and property names) and,
// where a rule says so, redacts matched spans in place. The input is never mutated: changed
// containers are copied on write, so the output has the same structure and stays valid JSON.
import { formatJsonPath } from './json-path';
import type { RawMatch } from './types';

export interface ScanRule {
  /** Finds matches in one string; `key` is the enclosing property name. */
  find(text: string, out: RawMatch[], key: string | undefined): void;
  /** Strings shorter than this cannot match; they are skipped. */
  minLength: number;
  /** Strings without a digit cannot match; they are skipped. */
  requiresDigit?: boolean;
  /** When set, matched spans are replaced by this text, e.g. `[REDACTED:card]`. */
  redactWith?: string;
  /** Short name of what the rule finds ('email', a pattern's name); masks property names in paths. */
  label?: string;
}

export interface JsonMatch extends RawMatch {
  rule: number;
  path: string;
  inKey: boolean;
}

export interface ScanResult {
  matches: JsonMatch[];
  /** The payload with redactions applied; the same reference when nothing was redacted. */
  output: unknown;
  /** Set when nesting exceeded maxDepth: the rest was not scanned. */
  tooDeep?: { path: string };
}

export interface ScanOptions {
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 200;
// Rule lists are built once per policy plan and scanned many times: summarise them once, and
// remember property names that matched nothing (names repeat across records and calls).
interface RulesSummary {
  minLength: number;
  anyRedaction: boolean;
  cleanKeys: Set<string>;
}
const summaries = new WeakMap<readonly ScanRule[], RulesSummary>();
const MAX_CLEAN_KEYS = 10_000;
const DIGIT = /[0-9]/;
const MAX_CACHED_KEY_LENGTH = 64;

export function scanJson(value: unknown, rules: readonly ScanRule[], options: ScanOptions = {}): ScanResult {
  const scanner = new Scanner(rules, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const output = scanner.walk(value, 0, undefined);
  const result: ScanResult = { matches: scanner.matches, output };
  if (scanner.tooDeep !== undefined) result.tooDeep = { path: scanner.tooDeep };
  return result;
}

class Scanner {
  readonly matches: JsonMatch[] = [];
  tooDeep: string | undefined;
  readonly #path: (string | number)[] = [];
  readonly #scratch: RawMatch[] = [];
  readonly #minLength: number;
  readonly #anyRedaction: boolean;
  readonly #cleanKeys: Set<string>;

  constructor(
    private readonly rules: readonly ScanRule[],
    private readonly maxDepth: number,
  ) {
    let summary = summaries.get(rules);
    if (!summary) {
      summary = {
        minLength: rules.reduce((min, r) => Math.min(min, r.minLength), Infinity),
        anyRedaction: rules.some((r) => r.redactWith !== undefined),
        cleanKeys: new Set(),
      };
      summaries.set(rules, summary);
    }
    this.#minLength = summary.minLength;
    this.#anyRedaction = summary.anyRedaction;
    this.#cleanKeys = summary.cleanKeys;
  }

  walk(value: unknown, depth: number, key: string | undefined): unknown {
    if (typeof value === 'string') return this.scanString(value, key, false);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= this.maxDepth) {
      this.tooDeep ??= formatJsonPath(this.#path);
      return value;
    }
    if (Array.isArray(value)) return this.walkArray(value, depth, key);
    return this.walkObject(value as Record<string, unknown>, depth);
  }

  private walkArray(value: unknown[], depth: number, key: string | undefined): unknown {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      this.#path.push(i);
      const item = value[i];
      // Items of an array inherit the array's property name as context ("secrets": [...]).
      const next = this.walk(item, depth + 1, key);
      this.#path.pop();
      if (next !== item) {
        copy ??= value.slice();
        copy[i] = next;
      }
    }
    return copy ?? value;
  }

  private walkObject(value: Record<string, unknown>, depth: number): unknown {
    const keys = Object.keys(value);
    let newKeys: string[] | undefined;
    let newValues: unknown[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      let renamed = k;
      let segment = k;
      if (!this.#cleanKeys.has(k)) [renamed, segment] = this.scanKey(k);
      this.#path.push(segment);
      const item = value[k];
      const next = this.walk(item, depth + 1, k);
      this.#path.pop();
      if (renamed !== k) (newKeys ??= keys.slice())[i] = renamed;
      if (next !== item) {
        if (!newValues) {
          newValues = new Array(keys.length);
          for (let j = 0; j < keys.length; j++) newValues[j] = value[keys[j]!];
        }
        newValues[i] = next;
      }
    }
    if (!newKeys && !newValues) return value;
    const finalKeys = newKeys ? uniqueKeys(keys, newKeys) : keys;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = finalKeys[i]!;
      const v = newValues ? newValues[i] : value[keys[i]!];
      // Plain assignment of '__proto__' would set the prototype instead of a property.
      if (k === '__proto__')
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
    return out;
  }

  /**
   * Scans a property name. Returns the name to use (redacted when a redact rule matched) and
   * the path segment to report: a name that holds a finding is itself sensitive, so paths
   * show it masked (e.g. `$['[email]'].phone`), never verbatim.
   */
  private scanKey(k: string): [renamed: string, segment: string] {
    const before = this.matches.length;
    this.#path.push(k);
    const renamed = this.scanString(k, undefined, true);
    this.#path.pop();
    if (this.matches.length === before) {
      if (k.length <= MAX_CACHED_KEY_LENGTH) {
        if (this.#cleanKeys.size >= MAX_CLEAN_KEYS) this.#cleanKeys.clear();
        this.#cleanKeys.add(k);
      }
      return [k, k];
    }
    const spans: Array<[number, number, string]> = [];
    for (let i = before; i < this.matches.length; i++) {
      const m = this.matches[i]!;
      spans.push([m.start, m.end, `[${this.rules[m.rule]!.label ?? 'redacted'}]`]);
    }
    const segment = applyRedactions(k, spans);
    const path = formatJsonPath([...this.#path, segment]);
    for (let i = before; i < this.matches.length; i++) this.matches[i]!.path = path;
    return [renamed, segment];
  }

  private scanString(text: string, key: string | undefined, inKey: boolean): string {
    if (text.length < this.#minLength) return text;
    const scratch = this.#scratch;
    let redactions: Array<[number, number, string]> | undefined;
    let path: string | undefined;
    let hasDigit: boolean | undefined;
    for (let r = 0; r < this.rules.length; r++) {
      const rule = this.rules[r]!;
      if (text.length < rule.minLength) continue;
      if (rule.requiresDigit && !(hasDigit ??= DIGIT.test(text))) continue;
      rule.find(text, scratch, key);
      if (scratch.length === 0) continue;
      path ??= formatJsonPath(this.#path);
      for (const m of scratch) {
        this.matches.push({ start: m.start, end: m.end, label: m.label, hint: m.hint, rule: r, path, inKey });
        if (rule.redactWith !== undefined) (redactions ??= []).push([m.start, m.end, rule.redactWith]);
      }
      scratch.length = 0;
    }
    if (!this.#anyRedaction || redactions === undefined) return text;
    return applyRedactions(text, redactions);
  }
}

/** Redacted keys get a `#n` suffix where they would collide (a collision would drop a value). */
function uniqueKeys(keys: readonly string[], renamed: readonly string[]): string[] {
  const taken = new Set<string>();
  keys.forEach((k, i) => {
    if (renamed[i] === k) taken.add(k);
  });
  return renamed.map((k, i) => {
    if (k === keys[i]) return k;
    let candidate = k;
    for (let n = 2; taken.has(candidate); n++) candidate = `${k}#${n}`;
    taken.add(candidate);
    return candidate;
  });
}

/** Replaces each span (overlaps merged; the earliest span's label wins) and keeps the rest. */
export function applyRedactions(text: string, spans: Array<[number, number, string]>): string {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let pos = 0;
  let i = 0;
  while (i < spans.length) {
    const [start, , label] = spans[i]!;
    let end = spans[i]![1];
    i++;
    while (i < spans.length && spans[i]![0] < end) {
      end = Math.max(end, spans[i]![1]);
      i++;
    }
    out += text.slice(pos, Math.max(pos, start)) + label;
    pos = Math.max(pos, end);
  }
  return out + text.slice(pos);
}

// What the verifier walks over: one entry per event, read either from an event object or
// straight from an export line. The line form is faster: a line in the export layout is hashed
// as it stands instead of being parsed and re-serialized.
//
// Why hashing the bytes is as strong as re-canonicalizing: if the bytes hash to the value the
// next event links to (and the checkpoints sign), they are the sealed canonical text, barring
// a SHA-256 second preimage. The paths can only disagree on a line whose hash the writer
// computed over non-canonical text, i.e. a forgery; forgeries are caught (or not) by the links
// and checkpoints the same way on both paths, since a forger could equally write canonical text.
import { computeEventHash, hashCanonicalBody } from './hash';
import { ExportFormatError, splitEventLine } from './line';

export type EventRecord = Record<string, unknown>;

export interface ChainEntry {
  /** undefined when the entry is unreadable or has no integer seq. */
  readonly seq: number | undefined;
  readonly tenantId: unknown;
  readonly prevHash: unknown;
  readonly hash: unknown;
  /** Whether the stored hash matches SHA-256(prevHash, canonical body). */
  selfOk(): boolean;
  /** The event as an object, for diagnostics. */
  event(): EventRecord | undefined;
}

class ObjectEntry implements ChainEntry {
  readonly seq: number | undefined;
  readonly tenantId: unknown;
  readonly prevHash: unknown;
  readonly hash: unknown;

  constructor(private readonly value: EventRecord | undefined) {
    const seq = value?.['seq'];
    this.seq = Number.isSafeInteger(seq) ? (seq as number) : undefined;
    this.tenantId = value?.['tenantId'];
    this.prevHash = value?.['prevHash'];
    this.hash = value?.['hash'];
  }

  selfOk(): boolean {
    return (
      this.value !== undefined &&
      typeof this.prevHash === 'string' &&
      typeof this.hash === 'string' &&
      computeEventHash(this.prevHash, this.value) === this.hash
    );
  }

  event(): EventRecord | undefined {
    return this.value;
  }
}

// A line whose bytes hashed correctly: the body is the sealed canonical text, so the few
// fields the chain needs are read from its tail and the full parse is left for diagnostics.
class VerifiedLineEntry implements ChainEntry {
  constructor(
    private readonly text: string,
    readonly seq: number,
    readonly tenantId: string,
    readonly prevHash: string,
    readonly hash: string,
  ) {}

  selfOk(): boolean {
    return true;
  }

  event(): EventRecord | undefined {
    return stripLineType(JSON.parse(this.text));
  }
}

function isRecord(v: unknown): v is EventRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function entryFromObject(value: unknown): ChainEntry {
  return new ObjectEntry(isRecord(value) ? value : undefined);
}

function stripLineType(value: unknown): EventRecord | undefined {
  if (!isRecord(value) || value['type'] !== 'event') return undefined;
  // The line's own `type` is framing, not part of the sealed event.
  const { type: _type, ...event } = value;
  return event;
}

/** Parses an export line after the preamble: an event, or an unreadable entry. */
export function parseEventLine(text: string, lineNo: number): EventRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (isRecord(value) && value['type'] === 'checkpoint')
    throw new ExportFormatError('checkpoint after events: checkpoints must precede events', lineNo);
  return stripLineType(value);
}

// In canonical order the top-level keys after `seq` are target, tenantId and time, and no
// nested object there has a `seq` or `tenantId` key, so in a canonical body the last `,"seq":`
// and the `,"tenantId":"` after it are the top-level ones. Read by hand because this runs
// once per line; anything unusual (escapes, leading zeros) is left to the general path.
function readTail(body: string): { seq: number; tenantId: string } | undefined {
  const at = body.lastIndexOf(',"seq":');
  if (at < 0) return undefined;
  let i = at + 7;
  const digitsFrom = i;
  let seq = 0;
  for (let c = body.charCodeAt(i); c >= 48 && c <= 57; c = body.charCodeAt(++i)) seq = seq * 10 + (c - 48);
  const digits = i - digitsFrom;
  if (
    digits === 0 ||
    digits > 15 ||
    (digits > 1 && body.charCodeAt(digitsFrom) === 48) ||
    body.charCodeAt(i) !== 44
  )
    return undefined;
  const key = body.indexOf(',"tenantId":"', i);
  if (key < 0) return undefined;
  const from = key + 13;
  const to = body.indexOf('"', from);
  const tenantId = body.slice(from, to);
  if (to < 0 || tenantId.includes('\\')) return undefined;
  return { seq, tenantId };
}

export function entryFromLine(text: string, lineNo: number): ChainEntry {
  const split = splitEventLine(text);
  if (split && hashCanonicalBody(split.prevHash, split.body) === split.hash) {
    const tail = readTail(split.body);
    if (tail) return new VerifiedLineEntry(text, tail.seq, tail.tenantId, split.prevHash, split.hash);
  }
  // Not in the export layout, or its bytes do not hash: judge it exactly like an object.
  return new ObjectEntry(parseEventLine(text, lineNo));
}

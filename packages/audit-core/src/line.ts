// The byte layout of an NDJSON event line. It is an ordinary JSON object
// {"type":"event", ...event fields..., "prevHash": ..., "hash": ...}, written so that the
// text between the fixed prefix and the fixed suffix is exactly the canonical body the hash
// was computed over. A verifier can then hash the line's bytes without re-serializing, and
// any tool can still read the line as plain JSON.
import { canonicalEventBody } from './hash';

export const EVENT_LINE_PREFIX = '{"type":"event",';
const PREV_KEY = ',"prevHash":"';
const HASH_KEY = '","hash":"';
const END = '"}';
export const EVENT_LINE_SUFFIX_LENGTH = PREV_KEY.length + 64 + HASH_KEY.length + 64 + END.length;

/** Serialises a sealed event as one export line (without the newline). */
export function eventLine(event: { prevHash: string; hash: string }): string {
  const body = canonicalEventBody(event);
  return `${EVENT_LINE_PREFIX}${body.slice(1, -1)}${PREV_KEY}${event.prevHash}${HASH_KEY}${event.hash}${END}`;
}

export interface SplitLine {
  /** The canonical body candidate, `{...}`. */
  body: string;
  prevHash: string;
  hash: string;
}

/** Splits a line in the layout above; undefined when the line is not in it. */
export function splitEventLine(line: string): SplitLine | undefined {
  const suffixAt = line.length - EVENT_LINE_SUFFIX_LENGTH;
  if (
    suffixAt <= EVENT_LINE_PREFIX.length ||
    !line.startsWith(EVENT_LINE_PREFIX) ||
    !line.startsWith(PREV_KEY, suffixAt)
  )
    return undefined;
  const hashKeyAt = suffixAt + PREV_KEY.length + 64;
  if (!line.startsWith(HASH_KEY, hashKeyAt) || !line.endsWith(END)) return undefined;
  // No hex check here: `hash` must equal a computed hex digest and `prevHash` the previous
  // event's hash before the verifier accepts the line, which already rules out anything else.
  const prevHash = line.slice(suffixAt + PREV_KEY.length, hashKeyAt);
  const hash = line.slice(hashKeyAt + HASH_KEY.length, line.length - END.length);
  return { body: '{' + line.slice(EVENT_LINE_PREFIX.length, suffixAt) + '}', prevHash, hash };
}

export class ExportFormatError extends Error {
  override readonly name = 'ExportFormatError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

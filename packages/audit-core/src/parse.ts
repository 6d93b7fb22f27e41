// Reading an NDJSON export back, as a stream: into event objects for any consumer, or
// straight into a verdict for the offline verifier and the verify endpoint.
import { type EventRecord, parseEventLine } from './entry';
import type { ExportHeader } from './export';
import {
  ExportVerification,
  type VerifyExportOptions,
  type VerifyExportResult,
  checkpointJws,
  lineType,
  parseHeader,
  parseJson,
} from './export-verify';
import type { AnyIterable } from './iter';
import { ExportFormatError } from './line';
import { LineSplitter, isBlank } from './lines';

export type { VerifyExportOptions, VerifyExportResult } from './export-verify';

export interface ParsedExport {
  header: ExportHeader;
  checkpoints: string[];
  /**
   * The event lines, parsed lazily as the consumer pulls them (without the line's `type`).
   * A line that is not a readable event comes out as undefined.
   */
  events: AsyncIterable<EventRecord | undefined>;
}

/** Splits a byte or text stream into lines (without the "\n" or a trailing "\r"). */
export async function* splitLines(chunks: AnyIterable<string | Uint8Array>): AsyncGenerator<string> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/**
 * Reads an NDJSON export: the header and the checkpoints at once (they come first and are
 * few), the events lazily as the consumer pulls them, so `verifyChain(parsed.events, ...)`
 * streams. Throws ExportFormatError for a missing or unsupported header, a malformed
 * checkpoint line, or (while iterating) a checkpoint after the events.
 */
export async function parseNdjsonExport(lines: AnyIterable<string>): Promise<ParsedExport> {
  const it = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
  let lineNo = 0;
  const nextLine = async (): Promise<string | undefined> => {
    for (;;) {
      const r = await it.next();
      if (r.done) return undefined;
      lineNo++;
      if (!isBlank(r.value)) return r.value;
    }
  };

  const first = await nextLine();
  if (first === undefined) throw new ExportFormatError('empty export', 1);
  const header = parseHeader(first, lineNo);
  const checkpoints: string[] = [];
  let pending: string | undefined;
  for (let text = await nextLine(); text !== undefined; text = await nextLine()) {
    const value = parseJson(text);
    if (lineType(value) !== 'checkpoint') {
      pending = text;
      break;
    }
    checkpoints.push(checkpointJws(value, lineNo));
  }
  const pendingLine = lineNo;

  async function* events(): AsyncGenerator<EventRecord | undefined> {
    try {
      if (pending === undefined) return;
      yield parseEventLine(pending, pendingLine);
      for (let text = await nextLine(); text !== undefined; text = await nextLine())
        yield parseEventLine(text, lineNo);
    } finally {
      await it.return?.();
    }
  }
  return { header, checkpoints, events: events() };
}

/**
 * Verifies an NDJSON export given as lines, in one streaming pass. Same verdicts as
 * parseNdjsonExport + verifyChain, but lines in the export layout are hashed as they stand,
 * without a parse and re-serialization, which is several times faster.
 */
export async function verifyNdjsonExport(
  lines: AnyIterable<string>,
  options: VerifyExportOptions = {},
): Promise<VerifyExportResult> {
  const v = new ExportVerification(options);
  if (Symbol.asyncIterator in lines) {
    for await (const text of lines) {
      const r = v.line(text);
      if (r === true || (r !== false && (await r))) break;
    }
  } else {
    for (const text of lines) {
      const r = v.line(text);
      if (r === true || (r !== false && (await r))) break;
    }
  }
  return v.finish();
}

/**
 * Verifies an NDJSON export given as raw chunks (a file or request body stream): like
 * verifyNdjsonExport, but splits each chunk itself so there is no promise per line. Stops
 * reading (and closes the stream) as soon as the verdict is known.
 */
export async function verifyNdjsonStream(
  chunks: AnyIterable<string | Uint8Array>,
  options: VerifyExportOptions = {},
): Promise<VerifyExportResult> {
  const v = new ExportVerification(options);
  const splitter = new LineSplitter();
  const feed = async (lines: string[]): Promise<boolean> => {
    for (const text of lines) {
      const r = v.line(text);
      if (r === true || (r !== false && (await r))) return true;
    }
    return false;
  };
  let settled = false;
  for await (const chunk of chunks) {
    if ((settled = await feed(splitter.push(chunk)))) break;
  }
  if (!settled) await feed(splitter.end());
  return v.finish();
}

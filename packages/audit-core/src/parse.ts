// Reading an NDJSON export back, as a stream, for the offline verifier and the verify endpoint.
import type { JSONWebKeySet } from 'jose';
import { type EventRecord, entryFromLine, parseEventLine } from './entry';
import { type ExportHeader, EXPORT_FORMAT } from './export';
import type { AnyIterable } from './iter';
import { ExportFormatError } from './line';
import { type VerifyResult, verifyEntries } from './verify';


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
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lineType(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
}

function parseHeader(text: string, lineNo: number): ExportHeader {
  const value = parseJson(text) as Partial<ExportHeader> | undefined;
  if (lineType(value) !== 'header' || !value) throw new ExportFormatError('not a Portcullis audit export (no header line)', lineNo);
  if (value.format !== EXPORT_FORMAT) throw new ExportFormatError(`unsupported export format ${String(value.format)}`, lineNo);
  if (typeof value.tenantId !== 'string' || value.tenantId === '') throw new ExportFormatError('header has no tenantId', lineNo);
  return value as ExportHeader;
}

interface Preamble {
  header: ExportHeader;
  checkpoints: string[];
  /** The remaining non-blank lines with their 1-based line numbers. */
  rest: AsyncIterable<[text: string, lineNo: number]>;
  /** Closes the underlying line source even if `rest` was never read. */
  close: () => Promise<void>;
}

// Reads the header and the checkpoints eagerly (they come first and are few) and hands back
// the rest of the lines untouched, so the events are only ever read once, as a stream.
async function readPreamble(lines: AnyIterable<string>): Promise<Preamble> {
  const it = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
  let lineNo = 0;
  const nextLine = async (): Promise<string | undefined> => {
    for (;;) {
      const r = await it.next();
      if (r.done) return undefined;
      lineNo++;
      if (r.value.trim() !== '') return r.value;
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
    const jws = (value as { jws?: unknown }).jws;
    if (typeof jws !== 'string') throw new ExportFormatError('checkpoint line without a jws', lineNo);
    checkpoints.push(jws);
  }
  const pendingLine = lineNo;

  async function* rest(): AsyncGenerator<[string, number]> {
    try {
      if (pending === undefined) return;
      yield [pending, pendingLine];
      for (let text = await nextLine(); text !== undefined; text = await nextLine()) yield [text, lineNo];
    } finally {
      await it.return?.();
    }
  }
  return {
    header,
    checkpoints,
    rest: rest(),
    close: async () => {
      await it.return?.();
    },
  };
}

/**
 * Reads an NDJSON export: the header and the checkpoints at once, the events lazily as the
 * consumer pulls them (so `verifyChain(parsed.events, ...)` streams). A line that is not a
 * readable event comes out as `undefined`, which the verifier reports as a broken event.
 * Throws ExportFormatError for a missing or unsupported header, a malformed checkpoint line,
 * or a checkpoint after the events.
 */
export async function parseNdjsonExport(lines: AnyIterable<string>): Promise<ParsedExport> {
  const { header, checkpoints, rest } = await readPreamble(lines);
  async function* events(): AsyncGenerator<EventRecord | undefined> {
    for await (const [text, lineNo] of rest) yield parseEventLine(text, lineNo);
  }
  return { header, checkpoints, events: events() };
}

export interface VerifyExportOptions {
  /** Trusted keys (the tenant's published JWKS). Falls back to the JWKS in the header. */
  jwks?: JSONWebKeySet;
}

export interface VerifyExportResult extends VerifyResult {
  header: ExportHeader;
  /** Where the keys came from. "header" proves consistency only, not who signed. */
  jwksSource: 'option' | 'header' | 'none';
}

/**
 * Parses and verifies an NDJSON export in one streaming pass. Same verdicts as parsing and
 * calling verifyChain, but lines in the export layout are hashed as they stand, without a
 * parse and re-serialization, which is several times faster.
 */
export async function verifyNdjsonExport(lines: AnyIterable<string>, options: VerifyExportOptions = {}): Promise<VerifyExportResult> {
  const { header, checkpoints, rest, close } = await readPreamble(lines);
  const jwks = options.jwks ?? header.jwks;
  const jwksSource = options.jwks ? 'option' : header.jwks ? 'header' : 'none';
  try {
    const result = await verifyEntries(rest, ([text, lineNo]) => entryFromLine(text, lineNo), {
      checkpoints,
      jwks,
      anchor: header.anchor,
      tenantId: header.tenantId,
    });
    return { ...result, header, jwksSource };
  } finally {
    await close();
  }
}

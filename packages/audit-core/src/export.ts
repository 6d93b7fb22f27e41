// NDJSON export: the verifiable format. One JSON document per line: a header, then the signed
// checkpoints, then the events in seq order. Checkpoints come before events so that a reader
// can check them while streaming the events once, in constant memory.
import type { JSONWebKeySet } from 'jose';
import type { AnyIterable } from './iter';
import { eventLine } from './line';
import type { AuditEvent } from './schema';
import type { ChainAnchor } from './verify';

export const EXPORT_FORMAT = 1;

export interface ExportHeader {
  type: 'header';
  tenantId: string;
  exportedAt: string;
  format: typeof EXPORT_FORMAT;
  /** The tenant's public keys at export time, for convenience; an auditor should prefer their own copy. */
  jwks?: JSONWebKeySet;
  /** Present when older events were removed by retention: the retained chain starts after it. */
  anchor?: ChainAnchor;
}

export type ExportEventLine = { type: 'event' } & AuditEvent;
export type ExportCheckpointLine = { type: 'checkpoint'; jws: string };

export interface NdjsonExportSource {
  header: Omit<ExportHeader, 'type' | 'format'>;
  /**
   * Checkpoints with seq <= the last exported event (the exporter fixes its upper bound
   * first), or the verifier will rightly report the tail as truncated.
   */
  checkpoints?: AnyIterable<string>;
  /** Events of header.tenantId in ascending seq order. */
  events: AnyIterable<AuditEvent>;
}

/**
 * Streams the export as lines, each ending in "\n". Holds one event at a time. Each event line
 * reads as `{"type":"event", ...event}`; its fields are in canonical order (see line.ts).
 */
export async function* toNdjsonLines(source: NdjsonExportSource): AsyncGenerator<string> {
  const header: ExportHeader = { type: 'header', ...source.header, format: EXPORT_FORMAT };
  yield JSON.stringify(header) + '\n';
  for await (const jws of source.checkpoints ?? []) {
    const line: ExportCheckpointLine = { type: 'checkpoint', jws };
    yield JSON.stringify(line) + '\n';
  }
  for await (const event of source.events) {
    if (event.tenantId !== source.header.tenantId)
      throw new RangeError(`event ${event.id} belongs to another tenant`);
    // Same JSON as {type: 'event', ...event}, laid out so the verifier can hash it as is.
    yield eventLine(event) + '\n';
  }
}

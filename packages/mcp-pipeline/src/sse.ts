// Server-Sent Events as the HTML standard defines them (the parsing MCP clients use): lines end
// with CRLF, LF or CR; an event ends at a blank line; `data` lines join with LF; one space after
// the colon is dropped; comments start with a colon. The gateway parses every event of an
// upstream stream, judges its message, and writes a new event of its own: nothing of the
// upstream's framing reaches the agent.
import { PipelineError } from './errors';

export interface SseEvent {
  /** The `id` field; undefined when the event set none. */
  id?: string;
  /** The `event` field; undefined means "message". */
  event?: string;
  /** The joined data lines ('' when the event had an id but no data: a resumption marker). */
  data: string;
  retry?: number;
}

export const DEFAULT_MAX_EVENT_CHARS = 4 * 1024 * 1024;

export class SseParser {
  private line = '';
  private afterCr = false;
  private data: string[] = [];
  private dataChars = 0;
  private id: string | undefined;
  private event: string | undefined;
  private retry: number | undefined;
  private hasFields = false;

  constructor(private readonly maxEventChars = DEFAULT_MAX_EVENT_CHARS) {}

  /** Feeds decoded text; returns the events it completed. Throws PipelineError('event_too_large'). */
  push(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      if (c === 0x0a && this.afterCr && i === start && this.line === '') {
        // The LF of a CRLF split across chunks (or right after the CR): not a second line end.
        this.afterCr = false;
        start = i + 1;
        continue;
      }
      this.appendLine(chunk.slice(start, i));
      this.endLine(events);
      this.afterCr = c === 0x0d;
      if (c === 0x0d && chunk.charCodeAt(i + 1) === 0x0a) {
        i++;
        this.afterCr = false;
      }
      start = i + 1;
    }
    if (start < chunk.length) {
      this.afterCr = false;
      this.appendLine(chunk.slice(start));
    }
    return events;
  }

  private appendLine(text: string): void {
    this.line += text;
    if (this.line.length + this.dataChars > this.maxEventChars) {
      throw new PipelineError(
        'event_too_large',
        `an event of the server's stream is larger than ${this.maxEventChars} characters`,
      );
    }
  }

  private endLine(events: SseEvent[]): void {
    const line = this.line;
    this.line = '';
    if (line === '') {
      if (this.hasFields) events.push(this.dispatch());
      return;
    }
    if (line.charCodeAt(0) === 0x3a) return; // comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.dataChars += value.length + 1;
        this.hasFields = true;
        break;
      case 'id':
        // The standard ignores an id containing NUL.
        if (!value.includes('\0')) {
          this.id = value;
          this.hasFields = true;
        }
        break;
      case 'event':
        this.event = value;
        this.hasFields = true;
        break;
      case 'retry':
        if (/^[0-9]{1,9}$/.test(value)) {
          this.retry = Number(value);
          this.hasFields = true;
        }
        break;
      default:
        break; // unknown fields are ignored, as clients do
    }
  }

  private dispatch(): SseEvent {
    const event: SseEvent = { data: this.data.join('\n') };
    if (this.id !== undefined) event.id = this.id;
    if (this.event !== undefined) event.event = this.event;
    if (this.retry !== undefined) event.retry = this.retry;
    this.data = [];
    this.dataChars = 0;
    this.id = undefined;
    this.event = undefined;
    this.retry = undefined;
    this.hasFields = false;
    return event;
  }

  /** True when the stream ended inside an event (its end never came): that event is dropped, as clients drop it. */
  get pending(): boolean {
    return this.hasFields || this.line !== '';
  }
}

/** One event in the gateway's own framing. `data` must be one line (re-serialized JSON is). */
export function formatEvent(e: { id?: string; data: string; retry?: number }): string {
  let out = '';
  if (e.id !== undefined) out += `id: ${e.id}\n`;
  if (e.retry !== undefined) out += `retry: ${e.retry}\n`;
  return `${out}event: message\ndata: ${e.data}\n\n`;
}

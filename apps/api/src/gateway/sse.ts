// Server-Sent Events, event by event: the gateway forwards each event as soon as it is
// complete (never buffering a stream) and may rewrite the data of an event it must filter.

/** Splits a byte stream into complete SSE events (each ending with a blank line). */
export class SseSplitter {
  private buffer = '';

  push(chunk: string): string[] {
    this.buffer += chunk;
    const events: string[] = [];
    for (;;) {
      const m = /\r\n\r\n|\n\n|\r\r/.exec(this.buffer);
      if (!m) break;
      events.push(this.buffer.slice(0, m.index + m[0].length));
      this.buffer = this.buffer.slice(m.index + m[0].length);
    }
    return events;
  }

  /** Whatever is left when the stream ends (an unterminated last event). */
  rest(): string {
    const r = this.buffer;
    this.buffer = '';
    return r;
  }
}

/** The joined data lines of an event, or undefined when it has none. */
export function eventData(event: string): string | undefined {
  const lines = event.split(/\r\n|\n|\r/).filter((l) => l.startsWith('data:'));
  if (lines.length === 0) return undefined;
  return lines.map((l) => l.slice(l.startsWith('data: ') ? 6 : 5)).join('\n');
}

/** The event with its data replaced, other fields (id, event, retry) kept. */
export function withData(event: string, data: string): string {
  const kept = event.split(/\r\n|\n|\r/).filter((l) => l !== '' && !l.startsWith('data:'));
  return [...kept, ...data.split('\n').map((l) => `data: ${l}`)].join('\n') + '\n\n';
}

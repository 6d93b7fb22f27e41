// Line splitting for byte or text streams, one chunk at a time, so callers can handle a whole
// chunk's lines synchronously instead of paying for a promise per line.

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private rest = '';

  /** The complete lines in `chunk` (plus what was left over), without "\n" or a trailing "\r". */
  push(chunk: string | Uint8Array): string[] {
    const text =
      this.rest + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const lines: string[] = [];
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      lines.push(
        text.charCodeAt(nl - 1) === 13 && nl > from ? text.slice(from, nl - 1) : text.slice(from, nl),
      );
      from = nl + 1;
    }
    this.rest = text.slice(from);
    return lines;
  }

  /** The last line, if the input did not end with a newline. */
  end(): string[] {
    const last = this.rest + this.decoder.decode();
    this.rest = '';
    if (last.length === 0) return [];
    return [last.endsWith('\r') ? last.slice(0, -1) : last];
  }
}

export function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '');
}

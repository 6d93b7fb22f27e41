// Just enough of the PostgreSQL frontend/backend protocol to share one PGlite session between
// several client connections: cut a connection's bytes into messages, group them into the units
// PostgreSQL answers as a whole, and read the transaction status that closes each answer.

/** Startup-phase request codes (sent without a type byte, as the connection's first message). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export type Frame =
  | { kind: 'startup'; bytes: Uint8Array }
  | { kind: 'encryption-request' }
  | { kind: 'cancel' }
  | { kind: 'message'; type: string; bytes: Uint8Array };

/**
 * Splits a connection's byte stream into complete messages, whatever the chunking: the first
 * message has no type byte (int32 length + int32 code), every later one is type + int32 length.
 */
export class FrameReader {
  private buffer = Buffer.alloc(0);
  private started = false;

  push(chunk: Uint8Array): Frame[] {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): Frame | undefined {
    if (!this.started) {
      if (this.buffer.length < 8) return undefined;
      const length = this.buffer.readInt32BE(0);
      if (length < 8 || length > 10_000) throw new Error('malformed startup message');
      if (this.buffer.length < length) return undefined;
      const bytes = this.take(length);
      const code = Buffer.from(bytes).readInt32BE(4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { kind: 'encryption-request' };
      if (code === CANCEL_REQUEST) return { kind: 'cancel' };
      this.started = true;
      return { kind: 'startup', bytes };
    }
    if (this.buffer.length < 5) return undefined;
    const length = this.buffer.readInt32BE(1);
    if (length < 4) throw new Error('malformed message');
    if (this.buffer.length < length + 1) return undefined;
    const type = String.fromCharCode(this.buffer[0]!);
    return { kind: 'message', type, bytes: this.take(length + 1) };
  }

  private take(n: number): Uint8Array {
    const bytes = new Uint8Array(this.buffer.subarray(0, n)); // a copy: the buffer is reused
    this.buffer = this.buffer.subarray(n);
    return bytes;
  }
}

/**
 * The messages after which the server answers: Sync ends an extended-protocol exchange, Query is
 * one simple-protocol exchange, Flush asks for what is ready without ending the exchange, and a
 * password message answers the authentication request of the start-up (PGlite asks for one).
 */
export function endsUnit(type: string): boolean {
  return type === 'S' || type === 'Q' || type === 'H' || type === 'p';
}

/** 'I' idle, 'T' in a transaction, 'E' in a failed transaction; undefined when the answer has no ReadyForQuery at its end. */
export function transactionStatus(answer: Uint8Array): 'I' | 'T' | 'E' | undefined {
  const n = answer.length;
  // ReadyForQuery: 'Z', int32 5, one status byte.
  if (
    n < 6 ||
    answer[n - 6] !== 0x5a ||
    answer[n - 5] !== 0 ||
    answer[n - 4] !== 0 ||
    answer[n - 3] !== 0 ||
    answer[n - 2] !== 5
  )
    return undefined;
  const status = String.fromCharCode(answer[n - 1]!);
  return status === 'I' || status === 'T' || status === 'E' ? status : undefined;
}

/** A simple-protocol Query message. */
export function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const out = Buffer.alloc(5 + text.length);
  out.write('Q', 0, 'latin1');
  out.writeInt32BE(4 + text.length, 1);
  text.copy(out, 5);
  return out;
}

/** A Sync message: ends whatever extended-protocol exchange a vanished client left open. */
export const SYNC_MESSAGE = Uint8Array.from([0x53, 0, 0, 0, 4]);

/** The single byte a server answers an SSL or GSS encryption request with when it does not offer it. */
export const NO_ENCRYPTION = Uint8Array.from([0x4e]);

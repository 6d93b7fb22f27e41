// What node-postgres takes for a socket (its `stream` option): a duplex stream whose bytes go to
// the embedded database's thread over a message port instead of a TCP or Unix socket.
import { Duplex } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';

export class PortSocket extends Duplex {
  private port?: MessagePort;

  constructor(private readonly open: () => MessagePort) {
    super();
  }

  /** Called by pg's Connection with a port and host it does not need here. */
  connect(): this {
    try {
      this.port = this.open();
    } catch (e) {
      process.nextTick(() => this.destroy(e as Error));
      return this;
    }
    this.port.on('message', (answer: Uint8Array) =>
      this.push(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength)),
    );
    // The database side hung up (closing, or a protocol error): the end of the stream.
    this.port.on('close', () => {
      this.push(null);
      this.destroy();
    });
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  /** pg-pool unrefs an idle connection (allowExitOnIdle) and refs it when checked out. */
  ref(): this {
    this.port?.ref();
    return this;
  }

  unref(): this {
    this.port?.unref();
    return this;
  }

  override _read(): void {
    /* answers are pushed as they arrive */
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.port) return callback(new Error('not connected'));
    // pg writes a query as several messages (Parse, Bind, Describe, Execute, Sync) in one go:
    // they leave together, as one message to the other thread.
    if (this.outgoing.length === 0) queueMicrotask(() => this.flush());
    this.outgoing.push(chunk);
    callback();
  }

  private outgoing: Buffer[] = [];

  private flush(): void {
    const chunks = this.outgoing;
    this.outgoing = [];
    if (!this.port || chunks.length === 0) return;
    // A copy of exactly these bytes, moved (not cloned again) to the other thread.
    // (new Uint8Array(...) copies into a buffer of its own: Node's small Buffers share a pool.)
    const bytes = new Uint8Array(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    this.port.postMessage(bytes, [bytes.buffer]);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush(); // pg's Terminate, written just before
    this.port?.close();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.port?.close();
    callback(error);
  }
}

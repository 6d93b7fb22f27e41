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
    this.port.on('message', (answer: Uint8Array) => this.push(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength)));
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
    // A copy of exactly these bytes, moved (not cloned again) to the other thread.
    const bytes = Uint8Array.prototype.slice.call(chunk);
    this.port.postMessage(bytes, [bytes.buffer]);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.port?.close();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.port?.close();
    callback(error);
  }
}

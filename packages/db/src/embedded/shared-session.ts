// One PGlite session shared by several client connections. PGlite is a single PostgreSQL
// backend; the pool in front of it has several connections so that queries queue here (in the
// database's thread) rather than in the application's. Their exchanges run one at a time and
// whole (a unit ends where the server answers: Sync or a simple Query), so one client's Parse
// never meets another's Bind; and while a client's transaction is open (the answer ends in
// ReadyForQuery 'T' or 'E'), only that client's units run, as if it held the backend alone.
// A client that goes away with a transaction open has it rolled back, as PostgreSQL would.
import { FrameReader, NO_ENCRYPTION, SYNC_MESSAGE, endsUnit, queryMessage, transactionStatus } from './wire';

export type Exec = (message: Uint8Array) => Promise<Uint8Array>;

interface Unit {
  conn: SessionConnection;
  bytes: Uint8Array;
}

const ROLLBACK = Buffer.concat([SYNC_MESSAGE, queryMessage('ROLLBACK')]);

export class SharedSession {
  private readonly units: Unit[] = [];
  /** The connection whose transaction (or unfinished exchange) holds the backend. */
  private owner: SessionConnection | null = null;
  private running = false;
  private drained: (() => void)[] = [];

  constructor(private readonly exec: Exec) {}

  connect(send: (answer: Uint8Array) => void, end: () => void): SessionConnection {
    return new SessionConnection(this, send, end);
  }

  /** Resolves once no unit is queued or running (after the clients have gone, at close). */
  idle(): Promise<void> {
    if (!this.running && this.units.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  enqueue(conn: SessionConnection, bytes: Uint8Array): void {
    this.units.push({ conn, bytes });
    void this.pump();
  }

  disconnected(conn: SessionConnection): void {
    for (let i = this.units.length - 1; i >= 0; i--)
      if (this.units[i]!.conn === conn) this.units.splice(i, 1);
    // Its transaction is rolled back now, unless its unit is running: the pump does it after.
    if (this.owner === conn && !this.running) this.enqueue(conn, ROLLBACK);
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const i = this.owner ? this.units.findIndex((u) => u.conn === this.owner) : 0;
        if (i < 0 || this.units.length === 0) break;
        const { conn, bytes } = this.units.splice(i, 1)[0]!;
        let answer: Uint8Array;
        try {
          answer = await this.exec(bytes);
        } catch {
          // PGlite itself failed (closed or aborted): nothing more can run on this connection.
          if (this.owner === conn) this.owner = null;
          conn.end();
          continue;
        }
        // No ReadyForQuery at the end (a Flush): the exchange goes on, so does the ownership.
        this.owner = transactionStatus(answer) === 'I' ? null : conn;
        if (!conn.closed) {
          if (answer.length > 0) conn.send(answer);
        } else if (this.owner === conn) {
          this.units.unshift({ conn, bytes: ROLLBACK });
        }
      }
    } finally {
      this.running = false;
      if (this.units.length === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }
}

/** One client connection's side: its bytes in, the backend's answers out. */
export class SessionConnection {
  private readonly reader = new FrameReader();
  private pending: Uint8Array[] = [];
  closed = false;

  constructor(
    private readonly session: SharedSession,
    readonly send: (answer: Uint8Array) => void,
    private readonly onEnd: () => void,
  ) {}

  receive(chunk: Uint8Array): void {
    if (this.closed) return;
    let frames;
    try {
      frames = this.reader.push(chunk);
    } catch {
      this.end(); // not the PostgreSQL protocol: drop the connection
      return;
    }
    for (const frame of frames) {
      if (frame.kind === 'encryption-request') this.send(NO_ENCRYPTION);
      else if (frame.kind === 'cancel')
        this.end(); // one backend, no cancelling: just hang up
      else if (frame.kind === 'startup') this.session.enqueue(this, frame.bytes);
      else if (frame.type === 'X')
        this.end(); // Terminate: the shared backend stays
      else {
        this.pending.push(frame.bytes);
        if (endsUnit(frame.type)) {
          this.session.enqueue(
            this,
            this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending),
          );
          this.pending = [];
        }
      }
    }
  }

  /** The client went away (or is sent away): its queued work is dropped, its transaction rolled back. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.disconnected(this);
    this.onEnd();
  }
}

// The node's shutdown state, for whatever has to react to it. Once draining begins, /readyz
// answers 503 and the Redis clients stop reconnecting. Long-lived streams should end at
// `started` (an MCP client resumes its GET stream on another node with Last-Event-ID); every
// stream still open must end at `expired`: when no request is left in flight, or when the
// in-flight budget is spent. A moment later the node cuts whatever is still open itself.
//
// The gateway subscribes like this (one listener per open stream, removed when it ends):
//   const end = () => { upstreamBody.destroy(); out.end(); };   // and record the cut call
//   drain.expired.addEventListener('abort', end, { once: true });        // POST answers
//   drain.started.addEventListener('abort', end, { once: true });        // GET streams
//   if (drain.draining) refuse new streams with 503.
export class Drain {
  private readonly begun = new AbortController();
  private readonly spent = new AbortController();

  /** True from the first stop signal on. */
  get draining(): boolean {
    return this.begun.signal.aborted;
  }

  /** Aborted when the node stops taking work. */
  get started(): AbortSignal {
    return this.begun.signal;
  }

  /** Aborted when every stream still open must end now. */
  get expired(): AbortSignal {
    return this.spent.signal;
  }

  begin(): void {
    this.begun.abort(new Error('the node is shutting down'));
  }

  expire(): void {
    this.begin();
    this.spent.abort(new Error('the node is closing its connections'));
  }
}

// A one-item-lookahead reader over a sync or async iterable, so the verifier can look past a
// broken event to say what kind of break it is, and close the source when it stops early.

export type AnyIterable<T> = AsyncIterable<T> | Iterable<T>;

export class Reader<S, T> {
  private readonly it: AsyncIterator<S> | Iterator<S>;
  private peeked: IteratorResult<T, undefined> | undefined;

  constructor(
    source: AnyIterable<S>,
    private readonly map: (item: S) => T,
  ) {
    this.it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    if (this.peeked) {
      const r = this.peeked;
      this.peeked = undefined;
      return r;
    }
    const r = await this.it.next();
    return r.done ? { done: true, value: undefined } : { done: false, value: this.map(r.value) };
  }

  async peek(): Promise<IteratorResult<T, undefined>> {
    this.peeked ??= await this.next();
    return this.peeked;
  }

  /** Reads at most `limit` more items; true as soon as one matches. */
  async scan(limit: number, match: (item: T) => boolean): Promise<boolean> {
    for (let i = 0; i < limit; i++) {
      const r = await this.next();
      if (r.done) return false;
      if (match(r.value)) return true;
    }
    return false;
  }

  /** Releases the source (a file handle, a database cursor) when reading stops early. */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** A sync or async iterable: arrays, generators, Node streams, database cursors. */
export type AnyIterable<T> = AsyncIterable<T> | Iterable<T>;

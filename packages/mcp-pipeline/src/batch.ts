// JSON-RPC batches: allowed only where the protocol still has them, never with duplicate ids
// (an answer must map to exactly one request), never around initialize.
import { PipelineError } from './errors';
import type { Message } from './messages';

/** Protocol versions from this one on removed JSON-RPC batching (2025-06-18). */
export const NO_BATCH_FROM = '2025-06-18';
/** Every message of a batch is judged and recorded one by one: a batch has at most this many. */
export const MAX_BATCH = 100;

/**
 * `version` is the MCP-Protocol-Version header, or the version the session negotiated when the
 * header is missing; undefined only when neither is known (the protocol's default, 2025-03-26,
 * still had batches).
 */
export function checkBatch(messages: readonly Message[], version: string | undefined): void {
  if (messages.length === 0)
    throw new PipelineError('batch_refused', 'an empty batch is not a JSON-RPC message');
  if (messages.length > MAX_BATCH)
    throw new PipelineError('batch_refused', `a batch may hold at most ${MAX_BATCH} messages`);
  if (version !== undefined && version >= NO_BATCH_FROM) {
    throw new PipelineError(
      'batch_refused',
      `JSON-RPC batching is not supported by protocol version ${version}`,
    );
  }
  if (messages.some((m) => m.kind === 'request' && m.method === 'initialize')) {
    throw new PipelineError('batch_refused', 'initialize must be sent on its own, not in a batch');
  }
  assertUniqueIds(messages);
}

/** Requests (or answers) sharing an id cannot be told apart: refused as a whole. */
export function assertUniqueIds(messages: readonly Message[]): void {
  const ids = new Set<string>();
  for (const m of messages) {
    if (m.kind === 'notification' || m.id === null) continue;
    // 1 and "1" are different ids in JSON-RPC; requests and answers (to the other side's
    // requests) number in different spaces.
    const key = `${m.kind}:${typeof m.id === 'number' ? 'n' : 's'}${m.id}`;
    if (ids.has(key)) throw new PipelineError('duplicate_id', 'two messages of one batch share an id');
    ids.add(key);
  }
}

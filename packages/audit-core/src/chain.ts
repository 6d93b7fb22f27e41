// Sealing: turns validated inputs into chained events. The appender (the worker, or the
// transaction of an admin change) calls this under the tenant's lock with the current head.
import { GENESIS_HASH, computeEventHash } from './hash';
import { type AuditEvent, type AuditEventInput, parseAuditEventInput } from './schema';

/** The last sealed event of a tenant's chain; `{ seq: 0, hash: GENESIS_HASH }` when empty. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Seals `inputs` (all of one tenant) onto the chain whose last hash is `prevHead`, numbering
 * them from `firstSeq`. Each input is validated first, so nothing malformed is ever hashed.
 * Returns new objects; the inputs are not modified.
 */
export function chainEvents(
  prevHead: string,
  inputs: readonly AuditEventInput[],
  firstSeq: number,
): AuditEvent[] {
  if (!HEX_SHA256.test(prevHead)) throw new TypeError('prevHead must be a lowercase hex SHA-256');
  if (!Number.isSafeInteger(firstSeq) || firstSeq < 1)
    throw new RangeError('firstSeq must be a positive integer');
  // The genesis hash and seq 1 go together: anything else means the caller lost the head.
  if ((firstSeq === 1) !== (prevHead === GENESIS_HASH))
    throw new RangeError('seq 1, and only seq 1, follows the genesis hash');

  const out: AuditEvent[] = [];
  let prevHash = prevHead;
  let tenantId: string | undefined;
  for (let i = 0; i < inputs.length; i++) {
    const input = parseAuditEventInput(inputs[i]);
    tenantId ??= input.tenantId;
    // One chain per tenant: a foreign event here would be unverifiable for both tenants.
    if (input.tenantId !== tenantId)
      throw new RangeError(`events of tenants ${tenantId} and ${input.tenantId} in one batch`);
    const unsealed = { ...input, seq: firstSeq + i };
    const hash = computeEventHash(prevHash, unsealed);
    out.push({ ...unsealed, prevHash, hash });
    prevHash = hash;
  }
  return out;
}

/** Convenience over chainEvents for a head object: numbers from head.seq + 1. */
export function appendToHead(
  head: ChainHead,
  inputs: readonly AuditEventInput[],
): { events: AuditEvent[]; head: ChainHead } {
  const events = chainEvents(head.hash, inputs, head.seq + 1);
  const last = events.at(-1);
  return { events, head: last ? { seq: last.seq, hash: last.hash } : head };
}

// Shared test fixtures: deterministic events, sealed chains, tenant signing keys. Not built.
import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JSONWebKeySet, exportJWK, generateKeyPair } from 'jose';
import { chainEvents } from '../chain';
import { GENESIS_HASH } from '../hash';
import { type CheckpointAlg, signCheckpoint } from '../checkpoint';
import { type NdjsonExportSource, toNdjsonLines } from '../export';
import type { AuditEvent, AuditEventInput } from '../schema';

export const TENANT = 'tnt_acme';

export function makeInput(i: number, tenantId = TENANT): AuditEventInput {
  return {
    id: randomUUID(),
    tenantId,
    time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actor: { type: 'agent', id: 'agt_billing', label: 'billing bot' },
    action: i % 3 === 0 ? 'token.issued' : 'gateway.call',
    target: { type: 'tool', id: 'srv_crm/search', label: 'search' },
    outcome: i % 7 === 0 ? 'denied' : 'success',
    reason: i % 7 === 0 ? 'rate limit exceeded' : undefined,
    requestId: `req_${i}`,
    ip: '203.0.113.7',
    country: 'DE',
    details: {
      method: 'tools/call',
      latencyMs: 10 + (i % 40),
      policy: { decision: 'allow', rules: ['r1', 'r2'] },
      note: 'comma, "quote"\nnewline',
    },
  };
}

export function makeInputs(n: number, tenantId = TENANT): AuditEventInput[] {
  return Array.from({ length: n }, (_, i) => makeInput(i + 1, tenantId));
}

/** A sealed chain seq 1..n. */
export function makeChain(n: number, tenantId = TENANT): AuditEvent[] {
  return chainEvents(GENESIS_HASH, makeInputs(n, tenantId), 1);
}

export interface TenantKey {
  alg: CheckpointAlg;
  kid: string;
  privateKey: CryptoKey;
  jwks: JSONWebKeySet;
}

export async function makeTenantKey(
  alg: CheckpointAlg = 'EdDSA',
  kid = `kid-${alg}-${randomUUID().slice(0, 8)}`,
): Promise<TenantKey> {
  const { privateKey, publicKey } = await generateKeyPair(
    alg,
    alg === 'RS256' ? { modulusLength: 2048 } : undefined,
  );
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, jwks: { keys: [jwk] } };
}

/** Signs checkpoints over `events` at the given seqs (retention checkpoints when asked). */
export async function checkpointsAt(
  events: readonly AuditEvent[],
  seqs: readonly number[],
  key: TenantKey,
  kind?: 'retention',
): Promise<string[]> {
  return Promise.all(
    seqs.map((seq) => {
      const ev = events.find((e) => e.seq === seq);
      if (!ev) throw new Error(`no event at seq ${seq}`);
      return signCheckpoint(
        {
          tenantId: ev.tenantId,
          seq,
          headHash: ev.hash,
          time: ev.time,
          eventCount: seq,
          ...(kind ? { kind, cutoff: ev.time } : {}),
        },
        { key: key.privateKey, kid: key.kid, alg: key.alg },
      );
    }),
  );
}

/** The export of `source` as an array of lines without newlines. */
export async function exportLines(source: NdjsonExportSource): Promise<string[]> {
  const out: string[] = [];
  for await (const line of toNdjsonLines(source)) out.push(line.slice(0, -1));
  return out;
}

export async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

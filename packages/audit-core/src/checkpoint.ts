// Signed checkpoints: (tenant, seq, head hash, time) as a compact JWS with the tenant's signing
// key. A chain alone cannot show a truncated tail or a wholesale rewrite; a checkpoint held
// outside the database can, and anyone with the tenant's public JWKS can check it offline.
import {
  type CryptoKey,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type KeyObject,
  SignJWT,
  createLocalJWKSet,
  decodeJwt,
  jwtVerify,
} from 'jose';
import { z } from 'zod';
import { sha256HexSchema } from './schema';

export const CHECKPOINT_TYP = 'portcullis-audit-checkpoint+jwt';
export const CHECKPOINT_ALGS = ['ES256', 'EdDSA', 'RS256'] as const;
export type CheckpointAlg = (typeof CHECKPOINT_ALGS)[number];

export const checkpointSchema = z.object({
  tenantId: z.string().min(1),
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  headHash: sha256HexSchema,
  time: z.iso.datetime({ offset: true }),
  eventCount: z.number().int().nonnegative().optional(),
  /**
   * 'retention': events up to seq were removed by retention (their time was before `cutoff`),
   * so a chain may start right after seq. Absent: a head checkpoint.
   */
  kind: z.literal('retention').optional(),
  cutoff: z.iso.datetime({ offset: true }).optional(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface CheckpointSigner {
  key: CryptoKey | KeyObject;
  kid: string;
  alg: CheckpointAlg;
}

export interface VerifiedCheckpoint extends Checkpoint {
  kid?: string;
  alg: string;
  jws: string;
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  constructor(
    message: string,
    /** The seq the token claims, when it can be read without trusting it. */
    readonly claimedSeq?: number,
  ) {
    super(message);
  }
}

/** Signs a checkpoint. The payload is exactly the checkpoint fields; no expiry, it is evidence. */
export async function signCheckpoint(checkpoint: Checkpoint, signer: CheckpointSigner): Promise<string> {
  const payload = checkpointSchema.parse(checkpoint);
  if (!CHECKPOINT_ALGS.includes(signer.alg))
    throw new TypeError(`unsupported checkpoint alg ${String(signer.alg)}`);
  return new SignJWT({ ...payload })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: CHECKPOINT_TYP })
    .sign(signer.key);
}

export type JwksInput = JSONWebKeySet | JWTVerifyGetKey;

/** Builds the key lookup once, so verifying many checkpoints does not re-import the JWKS. */
export function checkpointKeyResolver(jwks: JwksInput): JWTVerifyGetKey {
  return typeof jwks === 'function' ? jwks : createLocalJWKSet(jwks);
}

function claimedSeq(jws: string): number | undefined {
  try {
    const seq = decodeJwt(jws)['seq'];
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a checkpoint JWS against a JWKS (document or resolver): signature, typ, an allowed
 * alg, and the payload shape. Throws CheckpointError on any failure.
 */
export async function verifyCheckpoint(jws: string, jwks: JwksInput): Promise<VerifiedCheckpoint> {
  let result;
  try {
    result = await jwtVerify(jws, checkpointKeyResolver(jwks), {
      typ: CHECKPOINT_TYP,
      algorithms: [...CHECKPOINT_ALGS],
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new CheckpointError(`checkpoint signature not valid: ${reason}`, claimedSeq(jws));
  }
  const parsed = checkpointSchema.safeParse(result.payload);
  if (!parsed.success)
    throw new CheckpointError(`checkpoint payload malformed: ${parsed.error.message}`, claimedSeq(jws));
  return { ...parsed.data, kid: result.protectedHeader.kid, alg: result.protectedHeader.alg, jws };
}

import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_TYP,
  CheckpointError,
  type Checkpoint,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint';
import { type TenantKey, makeTenantKey } from './test-support/fixtures';

const checkpoint: Checkpoint = {
  tenantId: 'tnt_acme',
  seq: 42,
  headHash: 'ab'.repeat(32),
  time: '2026-01-01T00:00:00.000Z',
  eventCount: 42,
};
const sign = (cp: Checkpoint, key: TenantKey) =>
  signCheckpoint(cp, { key: key.privateKey, kid: key.kid, alg: key.alg });

describe('signed checkpoints', () => {
  it.each(['EdDSA', 'ES256', 'RS256'] as const)('signs and verifies with %s against a JWKS', async (alg) => {
    const key = await makeTenantKey(alg);
    const jws = await sign(checkpoint, key);
    expect(jws.split('.')).toHaveLength(3);
    const verified = await verifyCheckpoint(jws, key.jwks);
    expect(verified).toMatchObject({ ...checkpoint, kid: key.kid, alg });
  });

  it('carries the checkpoint typ and the kid in the protected header', async () => {
    const key = await makeTenantKey('ES256');
    const header = JSON.parse(
      Buffer.from((await sign(checkpoint, key)).split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(header).toEqual({ alg: 'ES256', kid: key.kid, typ: CHECKPOINT_TYP });
  });

  it('fails against a JWKS that does not hold the signing key', async () => {
    const signer = await makeTenantKey('EdDSA', 'kid-1');
    const other = await makeTenantKey('EdDSA', 'kid-1');
    const jws = await sign(checkpoint, signer);
    await expect(verifyCheckpoint(jws, other.jwks)).rejects.toBeInstanceOf(CheckpointError);
    await expect(verifyCheckpoint(jws, other.jwks)).rejects.toMatchObject({ claimedSeq: 42 });
  });

  it('fails when the payload was altered after signing', async () => {
    const key = await makeTenantKey('EdDSA');
    const [h, , s] = (await sign(checkpoint, key)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...checkpoint, seq: 41 })).toString('base64url');
    await expect(verifyCheckpoint(`${h}.${forged}.${s}`, key.jwks)).rejects.toThrow(/signature/);
  });

  it('refuses a token of another type signed by the same key', async () => {
    const key = await makeTenantKey('EdDSA');
    const accessToken = await new SignJWT({ ...checkpoint })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
      .sign(key.privateKey);
    await expect(verifyCheckpoint(accessToken, key.jwks)).rejects.toThrow(/typ/);
  });

  it('refuses a validly signed token whose payload is not a checkpoint', async () => {
    const key = await makeTenantKey('EdDSA');
    const jws = await new SignJWT({ tenantId: 't', seq: 'ten' })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: CHECKPOINT_TYP })
      .sign(key.privateKey);
    await expect(verifyCheckpoint(jws, key.jwks)).rejects.toThrow(/malformed/);
  });

  it('refuses to sign a malformed checkpoint', async () => {
    const key = await makeTenantKey('EdDSA');
    await expect(sign({ ...checkpoint, headHash: 'nothex' }, key)).rejects.toThrow();
  });
});

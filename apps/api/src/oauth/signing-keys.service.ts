// Tenants' token-signing keys: created on first use, rotated on a schedule and on demand,
// private halves sealed at rest, imported once per kid and kept in memory.
import { Inject, Injectable } from '@nestjs/common';
import { Prisma, tenantSql } from '@portcullis/db';
import type { SigningKey } from '@portcullis/db';
import {
  DEFAULT_SIGNING_ALG,
  KeyRing,
  SecretBox,
  generateSigningKey,
  planRotation,
  type SigningAlg,
  type SigningKeyRecord,
} from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';
import { SECRET_BOX } from '../infra/secret-box';
import { AuditService, type AuditActor } from '../audit/audit.service';

/** Who changes keys when no person asked: the scheduled rotation and the first key on first use. */
const ROTATION_ACTOR: AuditActor = { type: 'system', id: 'key-rotation' };

export interface RotationRequest {
  /** Publish a next key now (it signs once pre-published) instead of only following the schedule. */
  force?: boolean;
  alg?: SigningAlg;
  /** Who asked, for the audit event; the system's rotation when omitted. */
  actor?: AuditActor;
}

/** Longest token lifetime an agent may be given; retired keys stay published this long. */
export const MAX_TOKEN_LIFETIME_SEC = 3600;

const aadFor = (tenantId: string, kid: string) => `signing-key:${tenantId}:${kid}`;

function toRecord(k: SigningKey): SigningKeyRecord {
  return {
    kid: k.kid,
    alg: k.alg as SigningAlg,
    state: k.state,
    publicJwk: k.publicJwk as unknown as SigningKeyRecord['publicJwk'],
    createdAt: k.createdAt,
    activatedAt: k.activatedAt,
    retiredAt: k.retiredAt,
    publishUntil: k.publishUntil,
  };
}

@Injectable()
export class SigningKeysService {
  private readonly rings: CoherentCache<string, KeyRing>;

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
    caches: CacheCoherence,
  ) {
    this.rings = caches.cache({
      name: 'signing-keys',
      tenantOfKey: (tenantId) => tenantId,
      load: (tenantId, previous) => this.load(tenantId, previous),
    });
  }

  /** The tenant's key ring (active key for signing, published keys for verifying). */
  ring(tenantId: string): Promise<KeyRing> {
    return this.rings.get(tenantId);
  }

  /** Keys the previous ring already imported are reused (a reload follows every change of the tenant). */
  private async load(tenantId: string, stale?: Promise<KeyRing>): Promise<KeyRing> {
    const previous = await stale?.catch(() => undefined);
    const db = this.tenantDbs.forTenant(tenantId);
    let rows = await db.signingKey.findMany({ where: { droppedAt: null } });
    if (!rows.some((r) => r.state === 'active')) {
      await this.applyRotation(tenantId);
      rows = await db.signingKey.findMany({ where: { droppedAt: null } });
    }
    const sealed = new Map(rows.map((r) => [r.kid, r.privateKeySealed]));
    return KeyRing.load(rows.map(toRecord), {
      previous,
      privateKeyPem: (record) => this.box.open(sealed.get(record.kid)!, aadFor(tenantId, record.kid)),
    });
  }

  /** Drops the cached ring so the next use reloads keys from the database. */
  forget(tenantId: string): void {
    this.rings.delete(tenantId);
  }

  async list(tenantId: string): Promise<SigningKey[]> {
    return this.tenantDbs
      .forTenant(tenantId)
      .signingKey.findMany({ where: { droppedAt: null }, orderBy: { createdAt: 'desc' } });
  }

  /** Every public key the tenant ever signed with: what verifies its audit checkpoints. */
  async auditJwks(tenantId: string): Promise<{ keys: Record<string, unknown>[] }> {
    const rows = await this.tenantDbs
      .forTenant(tenantId)
      .signingKey.findMany({ orderBy: { createdAt: 'asc' } });
    return { keys: rows.map((r) => r.publicJwk as Record<string, unknown>) };
  }

  /**
   * Runs the rotation plan under a per-tenant lock, so two nodes never generate or promote at
   * once; whatever changed is audited (`key.rotated`) in the same transaction.
   */
  async applyRotation(tenantId: string, request: RotationRequest = {}): Promise<string[]> {
    const { force = false, alg = DEFAULT_SIGNING_ALG, actor = ROTATION_ACTOR } = request;
    const now = new Date();
    const applied = await this.tenantDbs.forTenant(tenantId).$transaction(async (tx) => {
      const raw = tenantSql(tx, tenantId);
      await raw.execute(
        Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('signing-keys:' || ${raw.tenant}::text))`,
      );
      const rows = await tx.signingKey.findMany({ where: { droppedAt: null } });
      const actions = planRotation(rows.map(toRecord), now, {
        tokenMaxLifetimeSec: MAX_TOKEN_LIFETIME_SEC,
        prePublishSec: this.config.KEY_PREPUBLISH_SEC,
        rotateAfterSec: this.config.KEY_ROTATE_AFTER_DAYS * 86400,
        force,
      });
      for (const action of actions) {
        if (action.type === 'generate') {
          const key = await generateSigningKey(alg);
          await tx.signingKey.create({
            data: {
              tenantId,
              kid: key.kid,
              alg: key.alg,
              state: action.state,
              publicJwk: key.publicJwk as unknown as Prisma.InputJsonValue,
              privateKeySealed: this.box.seal(key.privateKeyPem, aadFor(tenantId, key.kid)),
              createdAt: now,
              activatedAt: action.state === 'active' ? now : null,
            },
          });
        } else if (action.type === 'promote') {
          await tx.signingKey.update({
            where: { kid: action.kid },
            data: { state: 'active', activatedAt: action.activatedAt },
          });
        } else if (action.type === 'retire') {
          await tx.signingKey.update({
            where: { kid: action.kid },
            data: { state: 'retired', retiredAt: action.retiredAt, publishUntil: action.publishUntil },
          });
        } else {
          // Out of the JWKS, private half destroyed; the public key stays for old audit checkpoints.
          await tx.signingKey.update({
            where: { kid: action.kid },
            data: { droppedAt: now, privateKeySealed: '' },
          });
        }
      }
      const applied = actions.map((a) => `${a.type}${'kid' in a ? ` ${a.kid}` : ` ${a.state}`}: ${a.reason}`);
      if (applied.length > 0) {
        await this.audit.record(
          {
            tenantId,
            actor,
            action: 'key.rotated',
            outcome: 'success',
            details: { actions: applied, forced: force },
          },
          tx,
        );
      }
      return applied;
    });
    if (applied.length > 0) await this.bus.publish({ kind: 'keys', tenantId });
    return applied;
  }
}

// An agent's credentials: client secrets (several at once, so rotation overlaps), public keys
// for private_key_jwt, and API keys scoped to part of its grants. Secrets are shown once.
import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@portcullis/db';
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { SecretHasher, isGrantableToolName, mintCredential } from '@portcullis/auth-core';
import { AppError, notFound } from '../common/errors';
import { SECRET_HASHER } from '../infra/core.module';
import { InvalidationBus } from '../infra/invalidation';
import { AuditService } from '../audit/audit.service';
import type { TenantContext } from '../common/principal';
import { AgentsService } from './agents.service';
import { apiKeyView, keyView, secretView } from './views';

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const MAX_KEYS = 10;

@Injectable()
export class CredentialsService {
  constructor(
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly agents: AgentsService,
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
  ) {}

  // --- client secrets ------------------------------------------------------------------------

  async listSecrets(t: TenantContext, agentId: string) {
    await this.agents.find(t, agentId);
    const rows = await t.db.clientSecret.findMany({ where: { agentId }, orderBy: { createdAt: 'desc' } });
    return rows.map(secretView);
  }

  async createSecret(
    t: TenantContext,
    agentId: string,
    opts: { expiresInDays: number | null; expireOthersInHours?: number },
  ) {
    const agent = await this.agents.find(t, agentId);
    const minted = mintCredential('client_secret', this.hasher);
    const now = Date.now();
    const row = await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      if (opts.expireOthersInHours !== undefined) {
        // Rotation with overlap: the old secrets keep working for the given hours, then stop.
        const cutoff = new Date(now + opts.expireOthersInHours * 3600_000);
        await tx.clientSecret.updateMany({
          where: { agentId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: cutoff } }] },
          data: { expiresAt: cutoff },
        });
      }
      const created = await tx.clientSecret.create({
        data: {
          tenantId: t.tenantId,
          agentId,
          hash: minted.hash,
          prefix: minted.displayPrefix,
          expiresAt: opts.expiresInDays ? new Date(now + opts.expiresInDays * 86400_000) : null,
        },
      });
      await audit({
        action: 'secret.created',
        target: { type: 'agent', id: agentId, label: agent.name },
        outcome: 'success',
        details: {
          secretId: created.id,
          prefix: created.prefix,
          rotation: opts.expireOthersInHours !== undefined,
        },
      });
      return created;
    });
    await this.agents.changed(t, agentId, agent.clientId);
    return { secret: secretView(row), clientSecret: minted.secret, clientId: agent.clientId };
  }

  async setSecretExpiry(t: TenantContext, agentId: string, secretId: string, expiresAt: Date | null) {
    const agent = await this.agents.find(t, agentId);
    const s = await t.db.clientSecret.findUnique({ where: { id: secretId } });
    if (!s || s.agentId !== agentId) throw notFound('Secret');
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.clientSecret.update({ where: { id: secretId }, data: { expiresAt } });
      await audit({
        action: 'secret.updated',
        target: { type: 'agent', id: agentId, label: agent.name },
        outcome: 'success',
        details: { secretId, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return updated;
    });
    await this.agents.changed(t, agentId, agent.clientId);
    return secretView(row);
  }

  async revokeSecret(t: TenantContext, agentId: string, secretId: string) {
    const agent = await this.agents.find(t, agentId);
    const s = await t.db.clientSecret.findUnique({ where: { id: secretId } });
    if (!s || s.agentId !== agentId) throw notFound('Secret');
    const row = s.revokedAt
      ? s
      : await this.audit.inTransaction(t, async (t, audit) => {
          const revoked = await t.db.clientSecret.update({
            where: { id: secretId },
            data: { revokedAt: new Date() },
          });
          await audit({
            action: 'secret.revoked',
            target: { type: 'agent', id: agentId, label: agent.name },
            outcome: 'success',
            details: { secretId },
          });
          return revoked;
        });
    await this.agents.changed(t, agentId, agent.clientId);
    return secretView(row);
  }

  // --- public keys (private_key_jwt) ---------------------------------------------------------

  async listKeys(t: TenantContext, agentId: string) {
    await this.agents.find(t, agentId);
    const rows = await t.db.agentKey.findMany({
      where: { agentId, revokedAt: null },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map(keyView);
  }

  /** Accepts one JWK or a JWKS; only public asymmetric keys. */
  async addKeys(t: TenantContext, agentId: string, input: Record<string, unknown>) {
    const agent = await this.agents.find(t, agentId);
    const jwks = Array.isArray(input.keys) ? (input.keys as Record<string, unknown>[]) : [input];
    const existing = await t.db.agentKey.count({ where: { agentId, revokedAt: null } });
    if (jwks.length === 0 || existing + jwks.length > MAX_KEYS) {
      throw new AppError('validation_failed', `An agent may have 1 to ${MAX_KEYS} active keys.`, {
        errors: [{ path: 'jwk', message: 'Too many keys.' }],
      });
    }
    const keys: { jwk: JWK; thumbprint: string }[] = [];
    for (const [i, raw] of jwks.entries()) {
      const jwk = await this.validatePublicJwk(raw, jwks.length > 1 ? `jwk.keys.${i}` : 'jwk');
      keys.push({ jwk, thumbprint: await calculateJwkThumbprint(jwk) });
    }
    // All keys and their audit event commit together, or none of them does.
    const rows = await this.audit.inTransaction(t, async (t, audit) => {
      const created = [];
      for (const { jwk, thumbprint } of keys) {
        const dup = await t.db.agentKey.findFirst({ where: { agentId, thumbprint, revokedAt: null } });
        if (dup)
          throw new AppError('conflict', 'This key is already registered.', {
            errors: [{ path: 'jwk', message: 'Duplicate key.' }],
          });
        await t.db.agentKey.deleteMany({ where: { agentId, thumbprint } });
        created.push(
          await t.db.agentKey.create({
            data: {
              tenantId: t.tenantId,
              agentId,
              thumbprint,
              kid: typeof jwk.kid === 'string' ? jwk.kid : null,
              jwk: jwk as Prisma.InputJsonValue,
            },
          }),
        );
      }
      await audit({
        action: 'agent.updated',
        target: { type: 'agent', id: agentId, label: agent.name },
        outcome: 'success',
        details: { keysAdded: created.map((r) => r.thumbprint) },
      });
      return created;
    });
    await this.agents.changed(t, agentId, agent.clientId);
    return rows.map(keyView);
  }

  private async validatePublicJwk(raw: Record<string, unknown>, path: string): Promise<JWK> {
    const bad = (message: string) =>
      new AppError('validation_failed', message, { errors: [{ path, message }] });
    if (!raw || typeof raw !== 'object') throw bad('A JWK object is required.');
    if (PRIVATE_JWK_MEMBERS.some((m) => m in raw))
      throw bad('Register the public key only (this JWK has private or symmetric members).');
    if (!['RSA', 'EC', 'OKP'].includes(String(raw.kty))) throw bad('kty must be RSA, EC or OKP.');
    const alg =
      typeof raw.alg === 'string'
        ? raw.alg
        : raw.kty === 'EC'
          ? 'ES256'
          : raw.kty === 'OKP'
            ? 'EdDSA'
            : 'RS256';
    try {
      await importJWK(raw as JWK, alg);
    } catch (e) {
      throw bad(`Not a usable public key: ${e instanceof Error ? e.message : 'invalid'}.`);
    }
    const { kty, crv, x, y, n, e, kid, use } = raw as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries({ kty, crv, x, y, n, e, kid, use, alg: raw.alg }).filter(([, v]) => v !== undefined),
    ) as JWK;
  }

  async revokeKey(t: TenantContext, agentId: string, keyId: string) {
    const agent = await this.agents.find(t, agentId);
    const k = await t.db.agentKey.findUnique({ where: { id: keyId } });
    if (!k || k.agentId !== agentId) throw notFound('Key');
    const row = k.revokedAt
      ? k
      : await this.audit.inTransaction(t, async (t, audit) => {
          const revoked = await t.db.agentKey.update({
            where: { id: keyId },
            data: { revokedAt: new Date() },
          });
          await audit({
            action: 'agent.updated',
            target: { type: 'agent', id: agentId, label: agent.name },
            outcome: 'success',
            details: { keysRevoked: [k.thumbprint] },
          });
          return revoked;
        });
    await this.agents.changed(t, agentId, agent.clientId);
    return keyView(row);
  }

  // --- API keys -------------------------------------------------------------------------------

  async listApiKeys(t: TenantContext, agentId: string) {
    await this.agents.find(t, agentId);
    const rows = await t.db.agentApiKey.findMany({ where: { agentId }, orderBy: { createdAt: 'desc' } });
    return rows.map(apiKeyView);
  }

  /** An API key never reaches beyond the agent's grants (no escalation through a key). */
  async createApiKey(
    t: TenantContext,
    agentId: string,
    input: {
      name: string;
      scope: { serverId: string; tools: '*' | string[] }[];
      expiresInDays: number | null;
    },
  ) {
    const agent = await this.agents.find(t, agentId);
    input.scope.forEach((s, i) => {
      const grant = agent.grants.find((g) => g.serverId === s.serverId);
      const path = `scope.${i}`;
      if (!grant)
        throw new AppError('validation_failed', 'The agent has no grant on this server.', {
          errors: [{ path: `${path}.serverId`, message: 'Not granted to the agent.' }],
        });
      const bad = s.tools === '*' ? -1 : s.tools.findIndex((tool) => !isGrantableToolName(tool));
      if (bad >= 0) {
        throw new AppError(
          'validation_failed',
          'This tool name cannot be an OAuth scope: scope the key to all tools instead.',
          { errors: [{ path: `${path}.tools.${bad}`, message: 'Not usable as a scope.' }] },
        );
      }
      if (!grant.allTools && (s.tools === '*' || s.tools.some((tool) => !grant.tools.includes(tool)))) {
        throw new AppError('validation_failed', 'The key would reach tools the agent is not granted.', {
          errors: [{ path: `${path}.tools`, message: 'Beyond the agent grant.' }],
        });
      }
    });
    const minted = mintCredential('api_key', this.hasher);
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const created = await t.db.agentApiKey.create({
        data: {
          tenantId: t.tenantId,
          agentId,
          name: input.name,
          prefix: minted.displayPrefix,
          hash: minted.hash,
          scope: input.scope as Prisma.InputJsonValue,
          expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
        },
      });
      await audit({
        action: 'api_key.created',
        target: { type: 'agent', id: agentId, label: agent.name },
        outcome: 'success',
        details: { apiKeyId: created.id, prefix: created.prefix },
      });
      return created;
    });
    await this.agents.changed(t, agentId, agent.clientId);
    return { apiKey: apiKeyView(row), key: minted.secret };
  }

  async revokeApiKey(t: TenantContext, agentId: string, keyId: string) {
    const agent = await this.agents.find(t, agentId);
    const k = await t.db.agentApiKey.findUnique({ where: { id: keyId } });
    if (!k || k.agentId !== agentId) throw notFound('API key');
    const row = k.revokedAt
      ? k
      : await this.audit.inTransaction(t, async (t, audit) => {
          const revoked = await t.db.agentApiKey.update({
            where: { id: keyId },
            data: { revokedAt: new Date() },
          });
          await audit({
            action: 'api_key.revoked',
            target: { type: 'agent', id: agentId, label: agent.name },
            outcome: 'success',
            details: { apiKeyId: keyId },
          });
          return revoked;
        });
    await this.bus.publish({ kind: 'apiKey', tenantId: t.tenantId, hash: k.hash });
    await this.agents.changed(t, agentId, agent.clientId);
    return apiKeyView(row);
  }
}

// Policy management: validated per kind by the policy engine, audited in the transaction of
// the change, and published so every node drops its compiled set within milliseconds.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '@portcullis/db';
import type { Policy as PolicyRow } from '@portcullis/db';
import { describePolicy, validatePolicy, type Policy } from '@portcullis/policy-engine';
import type { PolicyView } from '@portcullis/sdk';
import { AppError, notFound } from '../common/errors';
import { InvalidationBus } from '../infra/invalidation';
import { AuditService } from '../audit/audit.service';
import type { TenantContext } from '../common/principal';
import { rowToPolicy } from './policy-runtime';

/** Validates a draft; field errors are reported as paths like `config.allow.1`. */
export function validateDraft(
  draft: Record<string, unknown>,
  id: string,
): { policy?: Policy; errors: { path: string; message: string }[] } {
  const r = validatePolicy({ ...draft, id });
  if (r.ok) return { policy: r.value, errors: [] };
  return { errors: r.errors.map((e) => ({ path: e.path.join('.'), message: e.message })) };
}

export function toView(r: PolicyRow): PolicyView {
  const p = rowToPolicy(r);
  return {
    ...p,
    description: describePolicy(p),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Admin patterns of all a tenant's guardrails together: each one runs over every scanned
 * string of every call, so a tenant cannot grow the gateway's work without bound.
 */
export const MAX_TENANT_PATTERNS = 200;

const patternsOf = (config: unknown) =>
  ((config as { customPatterns?: unknown[] } | null)?.customPatterns ?? []).length;

@Injectable()
export class PoliciesService {
  constructor(
    private readonly bus: InvalidationBus,
    private readonly audit: AuditService,
  ) {}

  async list(t: TenantContext): Promise<PolicyView[]> {
    const rows = await t.db.policy.findMany({
      orderBy: [{ kind: 'asc' }, { priority: 'desc' }, { createdAt: 'asc' }],
    });
    return rows.map(toView);
  }

  async get(t: TenantContext, id: string): Promise<PolicyView> {
    const row = await t.db.policy.findUnique({ where: { id } });
    if (!row) throw notFound('Policy');
    return toView(row);
  }

  private columns(p: Policy) {
    return {
      name: p.name,
      kind: p.kind,
      target: p.target as Prisma.InputJsonValue,
      mode: p.mode,
      priority: p.priority,
      enabled: p.enabled,
      failMode: p.failMode ?? null,
      config: p.config as Prisma.InputJsonValue,
    };
  }

  private invalid(errors: { path: string; message: string }[]): never {
    throw new AppError('validation_failed', 'The policy has invalid fields.', { errors });
  }

  /** Refuses a guardrail that would take the tenant past MAX_TENANT_PATTERNS (checked in the change's transaction). */
  private async assertPatternBudget(
    tx: object,
    tenantId: string,
    policy: Policy,
    replacing?: string,
  ): Promise<void> {
    const adding = policy.kind === 'guardrail' ? patternsOf(policy.config) : 0;
    if (adding === 0) return;
    // `tx` is the tenant-scoped transaction of the change (its client type differs from Prisma's plain one).
    const others = await (tx as Prisma.TransactionClient).policy.findMany({
      where: { tenantId, kind: 'guardrail', ...(replacing ? { NOT: { id: replacing } } : {}) },
      select: { config: true },
    });
    const used = others.reduce((n, r) => n + patternsOf(r.config), 0);
    if (used + adding > MAX_TENANT_PATTERNS) {
      this.invalid([
        {
          path: 'config.customPatterns',
          message: `A tenant's guardrails may hold ${MAX_TENANT_PATTERNS} custom patterns in all; ${used} are in use.`,
        },
      ]);
    }
  }

  async create(t: TenantContext, draft: Record<string, unknown>): Promise<PolicyView> {
    const id = randomUUID();
    const { policy, errors } = validateDraft(draft, id);
    if (!policy) this.invalid(errors);
    const row = await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      await this.assertPatternBudget(tx, t.tenantId, policy);
      const created = await tx.policy.create({ data: { id, tenantId: t.tenantId, ...this.columns(policy) } });
      await audit({
        action: 'policy.created',
        target: { type: 'policy', id, label: policy.name },
        outcome: 'success',
        details: { kind: policy.kind, mode: policy.mode },
      });
      return created;
    });
    await this.bus.publish({ kind: 'policies', tenantId: t.tenantId });
    return toView(row);
  }

  async update(t: TenantContext, id: string, patch: Record<string, unknown>): Promise<PolicyView> {
    const existing = await t.db.policy.findUnique({ where: { id } });
    if (!existing) throw notFound('Policy');
    const current = rowToPolicy(existing) as unknown as Record<string, unknown>;
    const { policy, errors } = validateDraft({ ...current, ...patch, id: undefined }, id);
    if (!policy) this.invalid(errors);
    if (policy.kind !== existing.kind)
      this.invalid([{ path: 'kind', message: 'The kind of a policy cannot change; create a new one.' }]);
    const row = await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      await this.assertPatternBudget(tx, t.tenantId, policy, id);
      const updated = await tx.policy.update({ where: { id }, data: this.columns(policy) });
      await audit({
        action: 'policy.updated',
        target: { type: 'policy', id, label: policy.name },
        outcome: 'success',
        details: { fields: Object.keys(patch) },
      });
      return updated;
    });
    await this.bus.publish({ kind: 'policies', tenantId: t.tenantId });
    return toView(row);
  }

  async remove(t: TenantContext, id: string): Promise<void> {
    const existing = await t.db.policy.findUnique({ where: { id } });
    if (!existing) throw notFound('Policy');
    await this.audit.inTransaction(t, async ({ db: tx }, audit) => {
      await tx.policy.delete({ where: { id } });
      await audit({
        action: 'policy.deleted',
        target: { type: 'policy', id, label: existing.name },
        outcome: 'success',
      });
    });
    await this.bus.publish({ kind: 'policies', tenantId: t.tenantId });
  }
}

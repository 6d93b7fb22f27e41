// Governance as code: export a tenant's governance as a document, plan what a document would
// change, and apply it in one transaction with the same services (checks, audit events) as the
// API's own routes. Side effects (cache invalidation, tool syncs) go out once it committed.
import { Injectable, Logger } from '@nestjs/common';
import { Prisma, tenantSql, type RawSqlRunner } from '@portcullis/db';
import type { GovernanceDocument, GovernancePlan } from '@portcullis/sdk';
import type { TenantContext } from '../common/principal';
import { AgentsService } from '../agents/agents.service';
import { SinksService } from '../audit/sinks.service';
import { InvalidationBus } from '../infra/invalidation';
import { PoliciesService } from '../policies/policies.service';
import { ServersService } from '../servers/servers.service';
import { applySteps, joinTransaction, type Services } from './apply';
import { checkDocument, type Credentials } from './checks';
import { diff, summaryOf, type Diff } from './diff';
import { loadLiveState, toDocument } from './live-state';

export interface PlanInput {
  document: unknown;
  prune: boolean;
  credentials: Credentials;
}

/** An apply of many changes on a slow database must not hit Prisma's 5-second default. */
const APPLY_TIMEOUT_MS = 120_000;

const planOf = (d: Diff): GovernancePlan => ({
  changes: d.steps.map((s) => s.change),
  notApplicable: d.notApplicable,
  kept: d.kept,
  summary: summaryOf(d.steps),
});

@Injectable()
export class GovernanceService {
  private readonly logger = new Logger('governance');
  private readonly services: Services;
  constructor(
    private readonly bus: InvalidationBus,
    servers: ServersService,
    agents: AgentsService,
    policies: PoliciesService,
    sinks: SinksService,
  ) {
    this.services = { servers, agents, policies, sinks };
  }

  async export(t: TenantContext): Promise<GovernanceDocument> {
    return toDocument(await loadLiveState(t));
  }

  async plan(t: TenantContext, input: PlanInput): Promise<GovernancePlan> {
    const doc = checkDocument(input.document, input.credentials);
    return planOf(diff(doc, await loadLiveState(t), input.credentials, input.prune));
  }

  async apply(t: TenantContext, input: PlanInput) {
    const svc = this.services;
    const doc = checkDocument(input.document, input.credentials);
    const result = await t.db.$transaction(
      async (tx) => {
        // One apply at a time per tenant: the plan made below stays true until this one commits.
        const raw = tenantSql(tx as unknown as RawSqlRunner, t.tenantId);
        await raw.execute(
          Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('governance:' || ${raw.tenant}::text))`,
        );
        const inTx = joinTransaction(t, tx as unknown as TenantContext['db']);
        // Planned inside the transaction, on what it reads: nothing changes between plan and apply.
        const live = await loadLiveState(inTx);
        const d = diff(doc, live, input.credentials, input.prune);
        const applied = await applySteps(inTx, d.steps, live, svc);
        return { plan: planOf(d), applied };
      },
      { timeout: APPLY_TIMEOUT_MS, maxWait: 30_000 },
    );
    if (result.plan.changes.length > 0) {
      // The services announced their changes before this transaction committed: announce again now.
      await this.bus.publish({ kind: 'tenant', tenantId: t.tenantId });
      for (const id of result.applied.toSync) {
        svc.servers
          .enqueueSync(t.tenantId, id)
          .catch((e) => this.logger.warn({ err: e, serverId: id }, 'could not queue a tool sync'));
      }
    }
    return { ...result.plan, signingSecrets: result.applied.signingSecrets };
  }
}

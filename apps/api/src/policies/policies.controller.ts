import { Controller, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { BacktestResult, DecisionView, policyRoutes as r, type RouteInput } from '@portcullis/sdk';
import { describePolicy } from '@portcullis/policy-engine';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { PoliciesService, validateDraft } from './policies.service';
import { PolicyLab, type BacktestInput } from './policy-lab.service';
import { JobsService } from '../jobs/jobs.service';
import { inlineOrJob } from '../jobs/inline-or-job';

@Controller()
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly lab: PolicyLab,
    private readonly jobs: JobsService,
  ) {}

  @Handles(r.list)
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.policies.list(t) };
  }

  @Handles(r.create)
  create(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.create>) {
    return this.policies.create(t, body);
  }

  /** Inline validation and the plain-words preview, without saving. */
  @Handles(r.validate)
  validate(@In() { body }: RouteInput<typeof r.validate>) {
    const { policy, errors } = validateDraft(body.draft, 'draft');
    return { valid: !!policy, errors, description: policy ? describePolicy(policy) : null };
  }

  @Handles(r.simulate)
  simulate(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.simulate>) {
    return this.lab.simulate(t, body.call, body.draft, body.draftOnly) as Promise<
      z.output<typeof DecisionView>
    >;
  }

  /** Inline (200, the result) up to JOB_INLINE_MAX_EVENTS events, as a job beyond (202, /api/v1/jobs/{id}). */
  @Handles(r.backtest)
  async backtest(
    @CurrentTenant() t: TenantContext,
    @In() { body }: RouteInput<typeof r.backtest>,
    @Res() reply: FastifyReply,
  ) {
    const input: BacktestInput = {
      draft: body.draft,
      from: body.from,
      to: body.to,
      maxEvents: body.maxEvents,
    };
    this.lab.checkDraft(input.draft); // a bad draft is refused now, not in a job
    await inlineOrJob(this.jobs, reply, {
      tenantId: t.tenantId,
      kind: 'policy.backtest',
      input,
      total: input.maxEvents,
      run: (control) => this.lab.backtest(t.tenantId, input, control),
      schema: BacktestResult as z.ZodType<Awaited<ReturnType<PolicyLab['backtest']>>>,
    });
  }

  @Handles(r.get)
  get(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.get>) {
    return this.policies.get(t, params.id);
  }

  @Handles(r.update)
  update(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.update>) {
    return this.policies.update(t, params.id, body);
  }

  @Handles(r.remove)
  async remove(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.remove>) {
    await this.policies.remove(t, params.id);
  }
}

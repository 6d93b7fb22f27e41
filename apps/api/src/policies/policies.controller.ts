import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { BacktestRequest, BacktestResult, DecisionView, JobView, PolicyDraft, PolicyList, PolicyPatch, PolicyValidation, PolicyView, SimulateRequest } from '@portcullis/sdk';
import { describePolicy } from '@portcullis/policy-engine';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { assertUuid } from '../common/ids';
import { PoliciesService, validateDraft } from './policies.service';
import { PolicyLab, type BacktestInput } from './policy-lab.service';
import { JobsService } from '../jobs/jobs.service';
import { inlineOrJob } from '../jobs/inline-or-job';

class PolicyDraftDto extends createZodDto(PolicyDraft) {}
class PolicyPatchDto extends createZodDto(PolicyPatch) {}
class ValidateDto extends createZodDto(z.strictObject({ draft: z.record(z.string(), z.unknown()) })) {}
class SimulateDto extends createZodDto(SimulateRequest) {}
class BacktestDto extends createZodDto(BacktestRequest) {}
class PolicyViewDto extends createZodDto(PolicyView) {}
class PolicyListDto extends createZodDto(PolicyList) {}
class PolicyValidationDto extends createZodDto(PolicyValidation) {}
class DecisionViewDto extends createZodDto(DecisionView) {}
class BacktestResultDto extends createZodDto(BacktestResult) {}
class JobViewDto extends createZodDto(JobView) {}

@ApiTags('policies')
@Controller('api/v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService, private readonly lab: PolicyLab, private readonly jobs: JobsService) {}

  @Get()
  @Access('read')
  @ZodResponse({ type: PolicyListDto })
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.policies.list(t) };
  }

  @Post()
  @Access('write')
  @ZodResponse({ status: 201, type: PolicyViewDto })
  create(@CurrentTenant() t: TenantContext, @Body() body: PolicyDraftDto) {
    return this.policies.create(t, body as unknown as Record<string, unknown>);
  }

  /** Inline validation and the plain-words preview, without saving. */
  @Post('validate')
  @Access('read')
  @HttpCode(200)
  @ZodResponse({ type: PolicyValidationDto })
  validate(@Body() body: ValidateDto) {
    const { policy, errors } = validateDraft(body.draft, 'draft');
    return { valid: !!policy, errors, description: policy ? describePolicy(policy) : null };
  }

  @Post('simulate')
  @Access('read')
  @HttpCode(200)
  @ZodResponse({ type: DecisionViewDto })
  simulate(@CurrentTenant() t: TenantContext, @Body() body: SimulateDto) {
    const b = body as z.output<typeof SimulateRequest>;
    return this.lab.simulate(t, b.call, b.draft as Record<string, unknown> | undefined, b.draftOnly) as Promise<z.output<typeof DecisionView>>;
  }

  /** Inline (200, the result) up to JOB_INLINE_MAX_EVENTS events, as a job beyond (202, /api/v1/jobs/{id}). */
  @Post('backtest')
  @Access('read')
  @ApiOkResponse({ type: BacktestResultDto })
  @ApiAcceptedResponse({ type: JobViewDto })
  async backtest(@CurrentTenant() t: TenantContext, @Body() body: BacktestDto, @Res() reply: FastifyReply) {
    const b = body as z.output<typeof BacktestRequest>;
    const input: BacktestInput = { draft: b.draft as Record<string, unknown>, from: b.from, to: b.to, maxEvents: b.maxEvents };
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

  @Get(':id')
  @Access('read')
  @ZodResponse({ type: PolicyViewDto })
  get(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Policy');
    return this.policies.get(t, id);
  }

  @Patch(':id')
  @Access('write')
  @ZodResponse({ type: PolicyViewDto })
  update(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: PolicyPatchDto) {
    assertUuid(id, 'Policy');
    return this.policies.update(t, id, body as unknown as Record<string, unknown>);
  }

  @Delete(':id')
  @Access('write')
  @HttpCode(204)
  async remove(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Policy');
    await this.policies.remove(t, id);
  }
}

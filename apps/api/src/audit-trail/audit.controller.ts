import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { AuditEventPage, AuditEventView, AuditQuery, AuditStats, AuditVerifyResult, JobView } from '@portcullis/sdk';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { notFound } from '../common/errors';
import { assertUuid } from '../common/ids';
import { AuditService, actorOf } from '../audit/audit.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditSearch, whereFor } from './audit-search.service';
import { AuditStatsService } from './audit-stats.service';
import { chainLength } from './chain-verification';
import { JobsService } from '../jobs/jobs.service';
import { inlineOrJob } from '../jobs/inline-or-job';

class AuditQueryDto extends createZodDto(AuditQuery) {}
class ExportQueryDto extends createZodDto(AuditQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(['ndjson', 'csv']).default('ndjson') })) {}
class StatsQueryDto extends createZodDto(
  z
    .object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() })
    .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to.', path: ['from'] }),
) {}
class RecentQueryDto extends createZodDto(z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) })) {}
class AuditEventPageDto extends createZodDto(AuditEventPage) {}
class AuditEventViewDto extends createZodDto(AuditEventView) {}
class AuditVerifyResultDto extends createZodDto(AuditVerifyResult) {}
class AuditStatsDto extends createZodDto(AuditStats) {}
class JobViewDto extends createZodDto(JobView) {}

@ApiTags('audit')
@Controller('api/v1')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly searcher: AuditSearch,
    private readonly audit: AuditService,
    private readonly stats: AuditStatsService,
    private readonly jobs: JobsService,
  ) {}

  @Get('audit/events')
  @Access('read')
  @ZodResponse({ type: AuditEventPageDto })
  search(@CurrentTenant() t: TenantContext, @Query() q: AuditQueryDto) {
    return this.searcher.search(t.tenantId, q as AuditQueryDto & { limit: number });
  }

  @Get('audit/events/:id')
  @Access('read')
  @ZodResponse({ type: AuditEventViewDto })
  async event(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Audit event');
    const e = await this.trail.event(t.tenantId, id);
    if (!e) throw notFound('Audit event');
    return e;
  }

  /**
   * Streamed: constant memory however many events. NDJSON is the verifiable format. The lines
   * are pulled only as fast as the client reads (Readable.from a generator, piped by Fastify:
   * the generator waits while the socket is full), a page of 1,000 events at a time.
   */
  @Get('audit/export')
  @Access('read')
  async export(@CurrentTenant() t: TenantContext, @Query() q: ExportQueryDto, @Res() reply: FastifyReply) {
    await this.audit.record({ tenantId: t.tenantId, actor: actorOf(t.principal), action: 'audit.exported', outcome: 'success', details: { format: q.format } });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const lines = q.format === 'csv' ? this.trail.csv(t.tenantId, whereFor(t.tenantId, q)) : this.trail.ndjson(t.tenantId);
    // The NDJSON export holds the chain up to its head: the count lets a client show progress.
    if (q.format === 'ndjson') reply.header('X-Audit-Events', String(await this.trail.length(t.tenantId)));
    return reply
      .header('Content-Type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header('Content-Disposition', `attachment; filename="audit-${stamp}.${q.format === 'csv' ? 'csv' : 'ndjson'}"`)
      .header('Cache-Control', 'no-store')
      .send(Readable.from(inChunks(lines), { objectMode: false }));
  }

  /**
   * Verifies the stored chain: inline (200, the verdict) up to JOB_INLINE_MAX_EVENTS events, as a
   * job beyond (202, the job to follow at /api/v1/jobs/{id}, whose result is the verdict).
   */
  @Post('audit/verify')
  @Access('read')
  @ApiOkResponse({ type: AuditVerifyResultDto })
  @ApiAcceptedResponse({ type: JobViewDto })
  async verify(@CurrentTenant() t: TenantContext, @Res() reply: FastifyReply) {
    const chain = await this.trail.storedChain(t.tenantId);
    await inlineOrJob(this.jobs, reply, {
      tenantId: t.tenantId,
      kind: 'audit.verify',
      input: {},
      total: chainLength(chain),
      run: (control) => this.trail.verifyChain(chain, control),
      schema: AuditVerifyResult,
    });
  }

  /** Sign a checkpoint of the current head now (the schedule does it every few minutes). */
  @Post('audit/checkpoints')
  @Access('write')
  @HttpCode(200)
  async checkpoint(@CurrentTenant() t: TenantContext) {
    return { created: await this.trail.checkpoint(t.tenantId, actorOf(t.principal)) };
  }

  @Get('audit/stats')
  @Access('read')
  @ZodResponse({ type: AuditStatsDto })
  statistics(@CurrentTenant() t: TenantContext, @Query() q: StatsQueryDto) {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 24 * 3600_000);
    return this.stats.stats(t.tenantId, from, to);
  }

  @Get('servers/:id/calls')
  @Access('read')
  @ZodResponse({ type: AuditEventPageDto })
  async serverCalls(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Query() q: RecentQueryDto) {
    assertUuid(id, 'Server');
    if (!(await t.db.mcpServer.findUnique({ where: { id } }))) throw notFound('Server');
    return this.searcher.search(t.tenantId, { action: 'gateway.call', server: id, limit: (q as { limit: number }).limit });
  }

  @Get('agents/:id/calls')
  @Access('read')
  @ZodResponse({ type: AuditEventPageDto })
  async agentCalls(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Query() q: RecentQueryDto) {
    assertUuid(id, 'Agent');
    if (!(await t.db.agent.findUnique({ where: { id } }))) throw notFound('Agent');
    return this.searcher.search(t.tenantId, { action: 'gateway.call', agent: id, limit: (q as { limit: number }).limit });
  }
}

const CHUNK = 16 * 1024;

/** Lines joined into chunks of about 16 KiB: one socket write per chunk rather than per line. */
export async function* inChunks(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let chunk = '';
  for await (const line of lines) {
    chunk += line;
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

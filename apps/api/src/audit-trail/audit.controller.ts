import { Controller, Res } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { AuditVerifyResult, auditRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { notFound } from '../common/errors';
import { Handles, In } from '../common/route/handles';
import { AuditService, actorOf } from '../audit/audit.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditSearch, whereFor } from './audit-search.service';
import { AuditStatsService } from './audit-stats.service';
import { chainLength } from './chain-verification';
import { JobsService } from '../jobs/jobs.service';
import { inlineOrJob } from '../jobs/inline-or-job';

@Controller()
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly searcher: AuditSearch,
    private readonly audit: AuditService,
    private readonly stats: AuditStatsService,
    private readonly jobs: JobsService,
  ) {}

  @Handles(r.events)
  search(@CurrentTenant() t: TenantContext, @In() { query }: RouteInput<typeof r.events>) {
    return this.searcher.search(t.tenantId, query);
  }

  @Handles(r.event)
  async event(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.event>) {
    const e = await this.trail.event(t.tenantId, params.id);
    if (!e) throw notFound('Audit event');
    return e;
  }

  /**
   * Streamed: constant memory however many events. NDJSON is the verifiable format. The lines
   * are pulled only as fast as the client reads (Readable.from a generator, piped by Fastify:
   * the generator waits while the socket is full), a page of 1,000 events at a time.
   */
  @Handles(r.export)
  async export(
    @CurrentTenant() t: TenantContext,
    @In() { query: q }: RouteInput<typeof r.export>,
    @Res() reply: FastifyReply,
  ) {
    await this.audit.recordFor(t, {
      action: 'audit.exported',
      outcome: 'success',
      details: { format: q.format },
    });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const lines =
      q.format === 'csv'
        ? this.trail.csv(t.tenantId, whereFor(t.tenantId, q))
        : this.trail.ndjson(t.tenantId);
    // The NDJSON export holds the chain up to its head: the count lets a client show progress.
    if (q.format === 'ndjson') reply.header('X-Audit-Events', String(await this.trail.length(t.tenantId)));
    return reply
      .header('Content-Type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header(
        'Content-Disposition',
        `attachment; filename="audit-${stamp}.${q.format === 'csv' ? 'csv' : 'ndjson'}"`,
      )
      .header('Cache-Control', 'no-store')
      .send(Readable.from(inChunks(lines), { objectMode: false }));
  }

  /**
   * Verifies the stored chain: inline (200, the verdict) up to JOB_INLINE_MAX_EVENTS events, as a
   * job beyond (202, the job to follow at /api/v1/jobs/{id}, whose result is the verdict).
   */
  @Handles(r.verify)
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
  @Handles(r.checkpoint)
  async checkpoint(@CurrentTenant() t: TenantContext) {
    return { created: await this.trail.checkpoint(t.tenantId, actorOf(t.principal)) };
  }

  @Handles(r.stats)
  statistics(@CurrentTenant() t: TenantContext, @In() { query: q }: RouteInput<typeof r.stats>) {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 24 * 3600_000);
    return this.stats.stats(t.tenantId, from, to);
  }

  @Handles(r.serverCalls)
  async serverCalls(
    @CurrentTenant() t: TenantContext,
    @In() { params: { id }, query }: RouteInput<typeof r.serverCalls>,
  ) {
    if (!(await t.db.mcpServer.findUnique({ where: { id } }))) throw notFound('Server');
    return this.searcher.search(t.tenantId, { action: 'gateway.call', server: id, limit: query.limit });
  }

  @Handles(r.agentCalls)
  async agentCalls(
    @CurrentTenant() t: TenantContext,
    @In() { params: { id }, query }: RouteInput<typeof r.agentCalls>,
  ) {
    if (!(await t.db.agent.findUnique({ where: { id } }))) throw notFound('Agent');
    return this.searcher.search(t.tenantId, { action: 'gateway.call', agent: id, limit: query.limit });
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

// The audit trail: search, one event, the export, chain verification, checkpoints, statistics,
// and the latest gateway calls of a server or an agent.
import {
  AuditEventPage,
  AuditEventView,
  AuditExportQuery,
  AuditQuery,
  AuditStats,
  AuditStatsQuery,
  AuditVerifyResult,
  CheckpointResult,
  RecentCallsQuery,
} from '../contracts/audit.js';
import { JobView } from '../contracts/jobs.js';
import { idParam, route } from './route.js';

const tag = 'audit';

export const auditRoutes = {
  events: route({
    method: 'GET',
    path: '/api/v1/audit/events',
    tag,
    access: 'read',
    summary: 'Search the trail, newest first (keyset pages)',
    query: AuditQuery,
    response: AuditEventPage,
  }),
  event: route({
    method: 'GET',
    path: '/api/v1/audit/events/:id',
    tag,
    access: 'read',
    summary: 'One event of the trail',
    params: { id: idParam('Audit event') },
    response: AuditEventView,
  }),
  export: route({
    method: 'GET',
    path: '/api/v1/audit/export',
    tag,
    access: 'read',
    summary: 'Download the trail (records audit.exported)',
    query: AuditExportQuery,
    status: 200,
    description:
      'Not JSON: a stream, attachment `audit-<time>.<format>`, `Cache-Control: no-store`. `format=ndjson` (the default, ' +
      '`application/x-ndjson`) is the whole hash chain up to its head with its signed checkpoints, one JSON object a line, ' +
      'verifiable offline (`portcullis-audit verify FILE`); the `X-Audit-Events` header says how many events it holds. ' +
      '`format=csv` (`text/csv`) is the events matching the filters, one row each, for a spreadsheet.',
  }),
  verify: route({
    method: 'POST',
    path: '/api/v1/audit/verify',
    tag,
    access: 'read',
    summary: "Verify the tenant's hash chain and its signed checkpoints",
    response: AuditVerifyResult,
    status: 200,
    alternatives: [
      {
        status: 202,
        response: JobView,
        description:
          'A long chain: a job to follow at Location (/api/v1/jobs/{id}), whose result is the verdict.',
      },
    ],
    audit: { none: 'reads the chain' },
  }),
  checkpoint: route({
    method: 'POST',
    path: '/api/v1/audit/checkpoints',
    tag,
    access: 'write',
    summary: 'Sign a checkpoint of the current head now (the schedule does it every few minutes)',
    response: CheckpointResult,
    status: 200,
    audit: { action: 'audit.checkpoint' },
  }),
  stats: route({
    method: 'GET',
    path: '/api/v1/audit/stats',
    tag,
    access: 'read',
    summary:
      'Tokens, gateway calls, refusals, top tools and latency over a period (default: the last 24 hours)',
    query: AuditStatsQuery,
    response: AuditStats,
  }),
  serverCalls: route({
    method: 'GET',
    path: '/api/v1/servers/:id/calls',
    tag,
    access: 'read',
    summary: 'The latest gateway calls to a server',
    params: { id: idParam('Server') },
    query: RecentCallsQuery,
    response: AuditEventPage,
  }),
  agentCalls: route({
    method: 'GET',
    path: '/api/v1/agents/:id/calls',
    tag,
    access: 'read',
    summary: 'The latest gateway calls of an agent',
    params: { id: idParam('Agent') },
    query: RecentCallsQuery,
    response: AuditEventPage,
  }),
};

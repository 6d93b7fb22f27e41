// Governance as code: a tenant's governance as one document (export), the changes a document
// would make (plan), and making them in one transaction (apply); plus the document's JSON Schema.
import {
  GovernanceApplyResult,
  GovernanceDocument,
  GovernanceJsonSchema,
  GovernancePlan,
  GovernancePlanRequest,
} from '../contracts/governance.js';
import { route } from './route.js';

const tag = 'governance';
// Export and plan only read: an auditor's token may run them (a pull request's check, say). A
// credential passed to a plan is never compared with the stored one (that would be an oracle).

export const governanceRoutes = {
  export: route({
    method: 'GET',
    path: '/api/v1/governance/export',
    tag,
    access: 'read',
    summary:
      "The tenant's servers, approved tools, agents and grants, policies and sinks as a portable document (no secrets)",
    response: GovernanceDocument,
  }),
  plan: route({
    method: 'POST',
    path: '/api/v1/governance/plan',
    tag,
    access: 'read',
    summary: 'The changes a document would make to the tenant, by resource and field',
    body: GovernancePlanRequest,
    response: GovernancePlan,
    status: 200,
    errors: [409],
    audit: { none: 'reads a document' },
  }),
  apply: route({
    method: 'POST',
    path: '/api/v1/governance/apply',
    tag,
    access: 'write',
    summary:
      'Make the tenant what the document says, in one transaction (deletes only with prune); each change is audited',
    body: GovernancePlanRequest,
    response: GovernanceApplyResult,
    status: 200,
    errors: [409],
    audit: {
      action: [
        'server.created',
        'server.updated',
        'server.deleted',
        'tool.approved',
        'tool.rejected',
        'agent.created',
        'agent.updated',
        'agent.disabled',
        'agent.deleted',
        'policy.created',
        'policy.updated',
        'policy.deleted',
        'sink.created',
        'sink.updated',
        'sink.deleted',
      ],
    },
  }),
  schema: route({
    method: 'GET',
    path: '/api/v1/governance/schema',
    tag,
    access: 'read',
    summary: 'The JSON Schema of the governance document (also packages/sdk/schema/governance.schema.json)',
    response: GovernanceJsonSchema,
  }),
};

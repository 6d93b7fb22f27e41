// Policies (rate limits, quotas, IP, geography, time windows, content guardrails) and the policy
// lab: validation as it is typed, the simulator and the back-test.
import { JobView } from '../contracts/jobs.js';
import {
  BacktestRequest,
  BacktestResult,
  DecisionView,
  PolicyDraft,
  PolicyList,
  PolicyPatch,
  PolicyValidation,
  PolicyView,
  SimulateRequest,
  ValidatePolicyRequest,
} from '../contracts/policies.js';
import { idParam, route } from './route.js';

const tag = 'policies';
const policy = { id: idParam('Policy') };

export const policyRoutes = {
  list: route({
    method: 'GET',
    path: '/api/v1/policies',
    tag,
    access: 'read',
    summary: "The tenant's policies, each in plain words",
    response: PolicyList,
  }),
  create: route({
    method: 'POST',
    path: '/api/v1/policies',
    tag,
    access: 'write',
    summary: 'Create a policy (it applies on every node within a second)',
    body: PolicyDraft,
    response: PolicyView,
    audit: { action: 'policy.created' },
  }),
  validate: route({
    method: 'POST',
    path: '/api/v1/policies/validate',
    tag,
    access: 'read',
    summary: 'Check a draft without saving it: its errors by field, or the policy in plain words',
    body: ValidatePolicyRequest,
    response: PolicyValidation,
    status: 200,
    audit: { none: 'reads a draft' },
  }),
  simulate: route({
    method: 'POST',
    path: '/api/v1/policies/simulate',
    tag,
    access: 'read',
    summary: 'What the policies (and a draft) would decide for a hypothetical call; no counter moves',
    body: SimulateRequest,
    response: DecisionView,
    status: 200,
    audit: { none: 'reads a draft' },
  }),
  backtest: route({
    method: 'POST',
    path: '/api/v1/policies/backtest',
    tag,
    access: 'read',
    summary: 'What a draft would have done to the calls recorded in a period',
    body: BacktestRequest,
    response: BacktestResult,
    status: 200,
    alternatives: [
      {
        status: 202,
        response: JobView,
        description:
          'Many calls to replay: a job to follow at Location (/api/v1/jobs/{id}), whose result is the back-test.',
      },
    ],
    audit: { none: 'reads recorded calls' },
  }),
  get: route({
    method: 'GET',
    path: '/api/v1/policies/:id',
    tag,
    access: 'read',
    summary: 'A policy',
    params: policy,
    response: PolicyView,
  }),
  update: route({
    method: 'PATCH',
    path: '/api/v1/policies/:id',
    tag,
    access: 'write',
    summary: 'Change a policy (its kind stays)',
    params: policy,
    body: PolicyPatch,
    response: PolicyView,
    audit: { action: 'policy.updated' },
  }),
  remove: route({
    method: 'DELETE',
    path: '/api/v1/policies/:id',
    tag,
    access: 'write',
    summary: 'Delete a policy',
    params: policy,
    audit: { action: 'policy.deleted' },
  }),
};

// Long work run as a job (chain verification, policy back-tests): followed and stopped by id.
// Both are 'read': the work only reads, so whoever may start it may follow or stop it.
import { JobView } from '../contracts/jobs.js';
import { idParam, route } from './route.js';

const tag = 'jobs';
const job = { id: idParam('Job') };

export const jobRoutes = {
  get: route({
    method: 'GET',
    path: '/api/v1/jobs/:id',
    tag,
    access: 'read',
    summary: 'A job: its state, progress and, once completed, its result',
    params: job,
    response: JobView,
  }),
  cancel: route({
    method: 'DELETE',
    path: '/api/v1/jobs/:id',
    tag,
    access: 'read',
    summary: 'Stop a job (a running one stops after its current page)',
    params: job,
    response: JobView,
    audit: { none: 'stops a verification or back-test (read-only work)' },
  }),
};

// Audit sinks (signed webhooks, JSON-lines files for a log shipper) and their deliveries.
import {
  AuditDeliveryList,
  AuditDeliveryQuery,
  AuditSinkList,
  AuditSinkView,
  CreateAuditSinkRequest,
  CreatedAuditSink,
  RedriveResult,
  UpdateAuditSinkRequest,
} from '../contracts/audit-sinks.js';
import { idParam, route } from './route.js';

const tag = 'audit-sinks';
const sink = { id: idParam('Sink') };

export const auditSinkRoutes = {
  list: route({
    method: 'GET',
    path: '/api/v1/audit/sinks',
    tag,
    access: 'read',
    summary: "The tenant's audit sinks (never their signing secrets)",
    response: AuditSinkList,
  }),
  create: route({
    method: 'POST',
    path: '/api/v1/audit/sinks',
    tag,
    access: 'write',
    summary: "Add a sink; a webhook's signing secret is in this response only",
    body: CreateAuditSinkRequest,
    response: CreatedAuditSink,
    audit: { action: 'sink.created' },
  }),
  update: route({
    method: 'PATCH',
    path: '/api/v1/audit/sinks/:id',
    tag,
    access: 'write',
    summary: 'Rename a sink, switch it on or off, change its actions or URL',
    params: sink,
    body: UpdateAuditSinkRequest,
    response: AuditSinkView,
    audit: { action: 'sink.updated' },
  }),
  remove: route({
    method: 'DELETE',
    path: '/api/v1/audit/sinks/:id',
    tag,
    access: 'write',
    summary: 'Delete a sink with its pending deliveries and dead letters',
    params: sink,
    audit: { action: 'sink.deleted' },
  }),
  deliveries: route({
    method: 'GET',
    path: '/api/v1/audit/sinks/:id/deliveries',
    tag,
    access: 'read',
    summary: "A sink's latest deliveries (100, newest first)",
    params: sink,
    query: AuditDeliveryQuery,
    response: AuditDeliveryList,
  }),
  redrive: route({
    method: 'POST',
    path: '/api/v1/audit/sinks/:id/deliveries/:deliveryId/redrive',
    tag,
    access: 'write',
    summary: 'Send a dead letter again (a fresh round of retries)',
    params: { ...sink, deliveryId: idParam('Delivery') },
    response: RedriveResult,
    status: 202,
    errors: [409],
    audit: { action: 'sink.delivery_redriven' },
  }),
};

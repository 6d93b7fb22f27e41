export * from './route.js';
export * from './client.js';
export * from './openapi.js';
export { agentRoutes } from './agents.js';
export { auditRoutes } from './audit.js';
export { auditSinkRoutes } from './audit-sinks.js';
export { policyRoutes } from './policies.js';
export { API_ROUTES } from './all.js';

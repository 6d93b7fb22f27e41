export * from './route.js';
export * from './client.js';
export * from './openapi.js';
export { agentRoutes } from './agents.js';
export { API_ROUTES } from './all.js';

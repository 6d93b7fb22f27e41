export * from './route.js';
export * from './client.js';
export * from './openapi.js';
export { agentRoutes } from './agents.js';
export { serverRoutes } from './servers.js';
export { signingKeyRoutes } from './signing-keys.js';
export { jobRoutes } from './jobs.js';
export { peopleRoutes } from './people.js';
export { API_ROUTES } from './all.js';

// Every REST route of the API, for what walks them all: the OpenAPI document, the security and
// audit-coverage suites, the CLI's help. A group's routes are listed once, in its own file.
import { agentRoutes } from './agents.js';
import { auditSinkRoutes } from './audit-sinks.js';
import { auditRoutes } from './audit.js';
import { policyRoutes } from './policies.js';
import type { Route } from './route.js';

const groups = [agentRoutes, auditRoutes, auditSinkRoutes, policyRoutes];

export const API_ROUTES: readonly Route[] = groups.flatMap((g) => Object.values(g) as Route[]);

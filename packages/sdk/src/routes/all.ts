// Every REST route of the API, for what walks them all: the OpenAPI document, the security and
// audit-coverage suites, the CLI's help. A group's routes are listed once, in its own file.
import { agentRoutes } from './agents.js';
import { apiTokenRoutes } from './api-tokens.js';
import { auditSinkRoutes } from './audit-sinks.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { governanceRoutes } from './governance.js';
import { jobRoutes } from './jobs.js';
import { memberRoutes } from './members.js';
import { peopleRoutes } from './people.js';
import { policyRoutes } from './policies.js';
import type { Route } from './route.js';
import { secondFactorRoutes } from './second-factors.js';
import { serverRoutes } from './servers.js';
import { signingKeyRoutes } from './signing-keys.js';
import { ssoRoutes } from './sso.js';
import { tenantRoutes } from './tenant.js';

const groups = {
  agents: agentRoutes,
  auth: authRoutes,
  secondFactors: secondFactorRoutes,
  sso: ssoRoutes,
  tenant: tenantRoutes,
  members: memberRoutes,
  apiTokens: apiTokenRoutes,
  servers: serverRoutes,
  signingKeys: signingKeyRoutes,
  jobs: jobRoutes,
  people: peopleRoutes,
  audit: auditRoutes,
  auditSinks: auditSinkRoutes,
  policies: policyRoutes,
  governance: governanceRoutes,
};

const named = Object.entries(groups).flatMap(([group, routes]) =>
  Object.entries(routes).map(([name, r]) => [r as Route, `${group}.${name}`] as const),
);

export const API_ROUTES: readonly Route[] = named.map(([r]) => r);

/** Each route's name, `group.handler` (`agents.create`): its OpenAPI operationId. */
export const ROUTE_NAMES: ReadonlyMap<Route, string> = new Map(named);

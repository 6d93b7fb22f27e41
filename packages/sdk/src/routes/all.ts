// Every REST route of the API, for what walks them all: the OpenAPI document, the security and
// audit-coverage suites, the CLI's help. A group's routes are listed once, in its own file.
import { agentRoutes } from './agents.js';
import { jobRoutes } from './jobs.js';
import { peopleRoutes } from './people.js';
import { serverRoutes } from './servers.js';
import { signingKeyRoutes } from './signing-keys.js';
import type { Route } from './route.js';

const groups = [agentRoutes, serverRoutes, signingKeyRoutes, jobRoutes, peopleRoutes];

export const API_ROUTES: readonly Route[] = groups.flatMap((g) => Object.values(g) as Route[]);

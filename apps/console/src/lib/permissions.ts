// What each role may change, mirroring the API's access rules (apps/api/src/auth/access.ts).
// The API is the authority; the console only hides controls it would refuse.
import { roleAllows, type Route } from '@portcullis/sdk';
import type { Role } from './types';

export type Capability =
  | 'servers.manage'
  | 'agents.manage'
  | 'signing-keys.manage'
  | 'oauth-clients.manage';

const CAPABILITIES: Record<Capability, readonly Role[]> = {
  // Servers, agents and signing keys are 'write' routes in the API: owners and admins.
  'servers.manage': ['owner', 'admin'],
  'agents.manage': ['owner', 'admin'],
  'signing-keys.manage': ['owner', 'admin'],
  // People's MCP clients, their consents and member grants: 'write' routes.
  'oauth-clients.manage': ['owner', 'admin'],
};

/**
 * Whether the role may use a control: by the route the control calls (its access level, the
 * API's own rule), or by a capability while the rest of the console moves to routes.
 */
export function can(role: Role | undefined | null, what: Capability | Route): boolean {
  if (typeof what !== 'string') return !!role && roleAllows(what.access, role);
  return !!role && CAPABILITIES[what].includes(role);
}

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', auditor: 'Auditor', member: 'Member' };

export const ROLE_HINTS: Record<Role, string> = {
  owner: 'Everything, including members and tenant settings.',
  admin: 'Manages servers, agents, policies and API tokens.',
  auditor: 'Read-only access.',
  member: 'Uses the MCP servers through their own MCP client (VS Code, Cursor, Claude...), within the grants of members; sees only their own connections here.',
};

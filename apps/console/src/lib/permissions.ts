// What a role may do in the console is what the API lets it do: a control is shown when its
// route's access (the API's own rule, in @portcullis/sdk) allows the role. The API is the
// authority; the console only hides controls it would refuse.
import { roleAllows, type Role, type Route } from '@portcullis/sdk';

/** Whether the role may use a control: by the route the control calls. */
export function can(role: Role | undefined | null, route: Route): boolean {
  return !!role && roleAllows(route.access, role);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  auditor: 'Auditor',
  member: 'Member',
};

export const ROLE_HINTS: Record<Role, string> = {
  owner: 'Everything, including members and tenant settings.',
  admin: 'Manages servers, agents, policies and API tokens.',
  auditor: 'Read-only access.',
  member:
    'Uses the MCP servers through their own MCP client (VS Code, Cursor, Claude...), within the grants of members; sees only their own connections here.',
};

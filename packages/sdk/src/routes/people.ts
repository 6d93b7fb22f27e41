// People's MCP hosts. Admins: the registered clients, every member's consents, and what members
// may use on each server. The signed-in person: the consent page's request and decision, and
// their own consents in every tenant they belong to (routes under /auth, about the person).
import {
  AuthorizationDecision,
  AuthorizationDecisionRequest,
  AuthorizationRequestView,
  ConsentList,
  MemberGrant,
  MemberGrantList,
  OAuthClientList,
  OAuthClientView,
  PutMemberGrantRequest,
  UpdateOAuthClientRequest,
} from '../contracts/people.js';
import { idParam, route, stringParam } from './route.js';

const tag = 'people';
const client = { id: idParam('Client') };
const consent = { id: idParam('Consent') };
const server = { id: idParam('Server') };
// Any string: the store answers an id that cannot be one like an expired request, whose message
// tells the person to start again from their application.
const authorization = { id: stringParam('Authorization request', /^[^/]+$/) };

export const peopleRoutes = {
  clients: route({
    method: 'GET',
    path: '/api/v1/oauth-clients',
    tag,
    access: 'read',
    summary: "People's MCP clients registered with the tenant",
    response: OAuthClientList,
  }),
  updateClient: route({
    method: 'PATCH',
    path: '/api/v1/oauth-clients/:id',
    tag,
    access: 'write',
    summary: 'Approve, verify or disable a client (disabling revokes its tokens)',
    params: client,
    body: UpdateOAuthClientRequest,
    response: OAuthClientView,
    audit: { action: ['oauth_client.updated', 'oauth_client.approved', 'oauth_client.disabled'] },
  }),
  removeClient: route({
    method: 'DELETE',
    path: '/api/v1/oauth-clients/:id',
    tag,
    access: 'write',
    summary: 'Remove a client, its consents and its tokens',
    params: client,
    audit: { action: 'oauth_client.removed' },
  }),
  consents: route({
    method: 'GET',
    path: '/api/v1/consents',
    tag,
    access: 'read',
    summary: "Every member's consents to clients",
    response: ConsentList,
  }),
  revokeConsent: route({
    method: 'DELETE',
    path: '/api/v1/consents/:id',
    tag,
    access: 'write',
    summary: "Revoke a member's consent and the tokens issued under it",
    params: consent,
    audit: { action: 'consent.revoked' },
  }),
  memberGrants: route({
    method: 'GET',
    path: '/api/v1/servers/:id/member-grants',
    tag,
    access: 'read',
    summary: 'What members may use on a server, by role and by member',
    params: server,
    response: MemberGrantList,
  }),
  putMemberGrant: route({
    method: 'PUT',
    path: '/api/v1/servers/:id/member-grants',
    tag,
    access: 'write',
    summary: 'Set the grant of a role or of one member on a server (replacing theirs)',
    params: server,
    body: PutMemberGrantRequest,
    response: MemberGrant,
    audit: { action: 'member_grant.updated' },
  }),
  removeMemberGrant: route({
    method: 'DELETE',
    path: '/api/v1/servers/:id/member-grants/:grantId',
    tag,
    access: 'write',
    summary: 'Remove a grant of members on a server',
    params: { ...server, grantId: idParam('Grant') },
    audit: { action: 'member_grant.removed' },
  }),
  authorization: route({
    method: 'GET',
    path: '/api/v1/auth/authorizations/:id',
    tag: 'auth',
    access: 'authenticated',
    summary: 'A pending authorization request, as the consent page shows it',
    description:
      'Signed-in people only (an API token is refused with 403), and only members of the tenant the request is for.',
    params: authorization,
    response: AuthorizationRequestView,
    errors: [403],
  }),
  decide: route({
    method: 'POST',
    path: '/api/v1/auth/authorizations/:id',
    tag: 'auth',
    access: 'authenticated',
    summary: 'Allow or deny a request; the answer says where the browser goes next',
    description:
      'A request is decided once. The CSRF token and Origin are checked like on every cookie write.',
    params: authorization,
    body: AuthorizationDecisionRequest,
    response: AuthorizationDecision,
    status: 200,
    errors: [403],
    audit: { action: ['consent.granted', 'consent.denied'] },
  }),
  myConsents: route({
    method: 'GET',
    path: '/api/v1/auth/consents',
    tag: 'auth',
    access: 'authenticated',
    summary: "The signed-in person's consents, in every tenant of theirs",
    response: ConsentList,
    errors: [403],
  }),
  revokeMyConsent: route({
    method: 'DELETE',
    path: '/api/v1/auth/consents/:id',
    tag: 'auth',
    access: 'authenticated',
    summary: 'Revoke one of your consents and the tokens issued under it',
    params: consent,
    errors: [403],
    audit: { action: 'consent.revoked' },
  }),
};

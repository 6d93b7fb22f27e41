// The people's front door: sign-up, sign-in and out, the session and its tenant, a person's own
// sessions and password, and invitations. About the signed-in person, not a tenant's data: most
// are 'authenticated' (a person, not an API token: those answer 403) or public.
import {
  ChangePasswordRequest, CreateTenantRequest, EmailLinkRequest, ForgotPasswordRequest, ResetPasswordRequest, SessionList, SessionResponse,
  SignInRequest, SignInResult, SignUpRequest, SignUpResult, SwitchTenantRequest,
} from '../contracts/auth.js';
import { AcceptInvitationRequest, InvitationPreview, InvitationTokenRequest } from '../contracts/members.js';
import { idParam, route } from './route.js';

const tag = 'auth';

export const authRoutes = {
  signUp: route({
    method: 'POST', path: '/api/v1/auth/signup', tag, access: 'public', summary: 'Create an account and its tenant, signed in at once when e-mail is off',
    body: SignUpRequest, response: SignUpResult, errors: [403, 409, 429], audit: { action: 'tenant.created' },
    alternatives: [{ status: 202, response: SignUpResult, description: 'E-mail is on: a link went to the address, whoever it belongs to (status verification_sent, nothing else).' }],
  }),
  verifySignUp: route({
    method: 'POST', path: '/api/v1/auth/signup/verify', tag, access: 'public', summary: "The sign-up message's link: creates the account and its tenant, and signs in",
    body: EmailLinkRequest, response: SessionResponse, errors: [404, 409], audit: { action: 'tenant.created' },
  }),
  signIn: route({
    method: 'POST', path: '/api/v1/auth/signin', tag, access: 'public', summary: "The password; then a session, or a challenge for the person's second factor",
    body: SignInRequest, response: SignInResult, status: 200, errors: [401, 403, 429], audit: { action: 'session.signed_in' },
  }),
  signOut: route({ method: 'POST', path: '/api/v1/auth/signout', tag, access: 'authenticated', summary: 'End this session', errors: [403], audit: { action: 'session.signed_out' } }),
  session: route({
    method: 'GET', path: '/api/v1/auth/session', tag, access: 'authenticated', summary: 'The signed-in person, their tenants and the active one', response: SessionResponse, errors: [403],
  }),
  switchTenant: route({
    method: 'POST', path: '/api/v1/auth/session/tenant', tag, access: 'authenticated', summary: "Make another of the person's tenants the active one",
    body: SwitchTenantRequest, response: SessionResponse, status: 200, errors: [403, 404],
    audit: { none: "moves the session's pointer between the person's own tenants" },
  }),
  createTenant: route({
    method: 'POST', path: '/api/v1/auth/tenants', tag, access: 'authenticated', summary: 'A new tenant owned by the person, which becomes the active one',
    body: CreateTenantRequest, response: SessionResponse, errors: [403, 409], audit: { action: 'tenant.created' },
  }),
  sessions: route({ method: 'GET', path: '/api/v1/auth/sessions', tag, access: 'authenticated', summary: "The person's open sessions", response: SessionList, errors: [403] }),
  revokeSession: route({
    method: 'DELETE', path: '/api/v1/auth/sessions/:id', tag, access: 'authenticated', summary: 'End one of the person\'s sessions (that browser is signed out at its next request)',
    params: { id: idParam('Session') }, errors: [403], audit: { action: 'session.signed_out' },
  }),
  changePassword: route({
    method: 'POST', path: '/api/v1/auth/password', tag, access: 'authenticated', summary: "Change the password (needs the current one; ends the person's other sessions)",
    body: ChangePasswordRequest, errors: [403, 429], audit: { action: 'user.password_changed' },
  }),
  forgotPassword: route({
    method: 'POST', path: '/api/v1/auth/password/forgot', tag, access: 'public', summary: 'E-mail a link to choose a new password (the answer never says whether the address has an account)',
    body: ForgotPasswordRequest, status: 202, errors: [429, 503], audit: { none: 'e-mails a reset link (the reset itself records user.password_reset)' },
  }),
  resetPassword: route({
    method: 'POST', path: '/api/v1/auth/password/reset', tag, access: 'public', summary: "The reset message's link: sets the password and ends every session",
    body: ResetPasswordRequest, errors: [404], audit: { action: 'user.password_reset' },
  }),
  previewInvitation: route({
    method: 'POST', path: '/api/v1/auth/invitations/preview', tag, access: 'public', summary: 'What an invitation is for (tenant, address, role), before accepting it',
    body: InvitationTokenRequest, response: InvitationPreview, status: 200, errors: [404], audit: { none: 'reads an invitation' },
  }),
  acceptInvitation: route({
    method: 'POST', path: '/api/v1/auth/invitations/accept', tag, access: 'public', summary: 'Accept an invitation as the signed-in person, or create the account it names',
    body: AcceptInvitationRequest, response: SessionResponse, status: 200, errors: [401, 403, 404, 409], audit: { action: 'member.joined' },
  }),
};

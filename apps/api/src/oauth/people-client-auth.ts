// Client authentication of people's clients at the token and revocation endpoints: `none`
// (a public client names itself with client_id; PKCE or the refresh token is the proof),
// client_secret_basic or client_secret_post for confidential ones registered dynamically.
// Exactly the method the client registered; an unknown client costs the same as a wrong secret.
import { matchClientSecret, type SecretHasher } from '@portcullis/auth-core';
import { presentedCredentials } from './client-auth';
import type { Form } from './form';
import { OAuthError, clientAuthFailed } from './oauth-error';
import type { PeopleClient, PeopleClients } from './people-clients';

export interface PeopleClientClaim {
  clientId: string | undefined;
  method: 'none' | 'client_secret_basic' | 'client_secret_post';
  secret?: string;
}

/** What the request presents (never throws for `none`; malformed credentials throw as for agents). */
export function peopleClientClaim(authorization: string | undefined, form: Form): PeopleClientClaim {
  if (
    authorization === undefined &&
    form.get('client_secret') === undefined &&
    form.get('client_assertion') === undefined
  ) {
    return { clientId: form.get('client_id'), method: 'none' };
  }
  const p = presentedCredentials(authorization, form);
  if (p.method === 'private_key_jwt')
    throw new OAuthError('invalid_client', 'This client cannot authenticate with a client assertion.');
  return { clientId: p.clientId, method: p.method, secret: p.secret };
}

export async function authenticatePeopleClient(
  claim: PeopleClientClaim,
  tenantId: string,
  clients: PeopleClients,
  hasher: SecretHasher,
): Promise<PeopleClient> {
  const basic = claim.method === 'client_secret_basic';
  const client = claim.clientId ? await clients.get(tenantId, claim.clientId) : null;
  const usable = client && client.authMethod === claim.method ? client : null;
  if (claim.method === 'none') {
    if (!usable) throw clientAuthFailed(false);
    return usable;
  }
  // Same work whether or not the client exists: matchClientSecret compares against a dummy.
  const candidates = usable?.secretHash ? [{ id: usable.rowId, hash: usable.secretHash }] : [];
  const matched = matchClientSecret(hasher, claim.secret ?? '', candidates);
  if (!usable || !matched) throw clientAuthFailed(basic);
  return usable;
}

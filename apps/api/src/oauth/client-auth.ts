// Client authentication at the token, introspection and revocation endpoints:
// client_secret_basic (raw or form-urlencoded credentials, as real clients differ),
// client_secret_post and private_key_jwt (RFC 7523). Exactly one method per request.
import {
  ClientAssertionError,
  SecretHasher,
  matchClientSecret,
  peekClientId,
  verifyClientAssertion,
  type ReplayStore,
} from '@portcullis/auth-core';
import type { CachedClient, ClientRegistry } from './client-registry';
import type { Form } from './form';
import { OAuthError, clientAuthFailed } from './oauth-error';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface AuthenticatedClient {
  client: CachedClient;
  method: ClientAuthMethod;
  /** The secret that matched, for last-used tracking. */
  secretId?: string;
}

export interface Presented {
  method: ClientAuthMethod;
  clientId: string | undefined;
  secret?: string;
  assertion?: string;
}

function decodeBasicPart(part: string): string {
  // RFC 6749 §2.3.1 says form-urlencode; the MCP SDK does not. Accept both.
  if (!/[%+]/.test(part)) return part;
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/** What the request presents, or an error for malformed or mixed client authentication. */
export function presentedCredentials(authorization: string | undefined, form: Form): Presented {
  const bodySecret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  const assertionType = form.get('client_assertion_type');
  const methods = [authorization !== undefined, bodySecret !== undefined, assertion !== undefined].filter(
    Boolean,
  ).length;
  if (methods > 1) throw new OAuthError('invalid_request', 'Use exactly one client authentication method.');
  if (authorization !== undefined) {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization.trim());
    if (!m) throw clientAuthFailed(true);
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw clientAuthFailed(true);
    const clientId = decodeBasicPart(decoded.slice(0, colon));
    const bodyId = form.get('client_id');
    if (bodyId !== undefined && bodyId !== clientId) {
      throw new OAuthError('invalid_request', 'client_id in the body differs from the Authorization header.');
    }
    return { method: 'client_secret_basic', clientId, secret: decodeBasicPart(decoded.slice(colon + 1)) };
  }
  if (assertion !== undefined) {
    if (assertionType !== JWT_BEARER)
      throw new OAuthError('invalid_request', `client_assertion_type must be ${JWT_BEARER}.`);
    return { method: 'private_key_jwt', clientId: form.get('client_id'), assertion };
  }
  if (bodySecret !== undefined)
    return { method: 'client_secret_post', clientId: form.get('client_id'), secret: bodySecret };
  throw clientAuthFailed(false);
}

function claimedBy(p: Presented): string | undefined {
  return p.method === 'private_key_jwt' ? (peekClientId(p.assertion!) ?? p.clientId) : p.clientId;
}

/**
 * The request's credentials parsed once: the client the request claims to be (for throttling and
 * audit; never throws) and either what was presented or the error presenting it gave.
 */
export function readCredentials(
  authorization: string | undefined,
  form: Form,
): { claimedId: string | undefined; presented?: Presented; error?: unknown } {
  try {
    const presented = presentedCredentials(authorization, form);
    return { claimedId: claimedBy(presented), presented };
  } catch (error) {
    return { claimedId: form.get('client_id'), error };
  }
}

export interface ClientAuthContext {
  tenantId: string;
  issuer: string;
  tokenEndpoint: string;
  registry: ClientRegistry;
  hasher: SecretHasher;
  replay: ReplayStore;
}

/** The client the presented credentials (presentedCredentials) authenticate, for this tenant. */
export async function authenticatePresented(
  presented: Presented,
  ctx: ClientAuthContext,
): Promise<AuthenticatedClient> {
  const basic = presented.method === 'client_secret_basic';
  if (presented.method === 'private_key_jwt') {
    const clientId = peekClientId(presented.assertion!);
    if (!clientId || (presented.clientId !== undefined && presented.clientId !== clientId))
      throw clientAuthFailed(false);
    const client = await ctx.registry.get(clientId);
    if (
      !client ||
      client.tenantId !== ctx.tenantId ||
      !client.authMethods.has('private_key_jwt') ||
      client.keys.length === 0
    ) {
      throw clientAuthFailed(false);
    }
    try {
      await verifyClientAssertion(presented.assertion!, {
        clientKeys: client.keys,
        expectedAudiences: [ctx.issuer, ctx.tokenEndpoint],
        replay: ctx.replay,
        clientId,
      });
    } catch (e) {
      if (e instanceof ClientAssertionError) throw clientAuthFailed(false);
      throw e;
    }
    return { client, method: 'private_key_jwt' };
  }
  const clientId = presented.clientId;
  const client = clientId ? await ctx.registry.get(clientId) : null;
  const usable =
    client && client.tenantId === ctx.tenantId && client.authMethods.has(presented.method) ? client : null;
  const now = Date.now();
  // Same work whether or not the client exists: matchClientSecret compares against a dummy.
  const candidates = usable ? usable.secrets.filter((s) => s.expiresAt === null || s.expiresAt > now) : [];
  const secretId = matchClientSecret(ctx.hasher, presented.secret ?? '', candidates);
  if (!usable || !secretId) throw clientAuthFailed(basic);
  return { client: usable, method: presented.method, secretId };
}

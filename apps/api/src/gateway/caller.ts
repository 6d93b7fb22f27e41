// Who is calling the gateway and what they may do on this server: an access token (verified
// locally) or an agent API key, the agent's current grant, and the server's callable tools.
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TokenError, isWellFormedApiKey, scopesFromGrants } from '@portcullis/auth-core';
import type { CallerRights, GrantRules } from '@portcullis/mcp-pipeline';
import { ClientRegistry } from '../oauth/client-registry';
import type { TenantRef } from '../oauth/tenant-directory';
import { ApiKeyDirectory } from './api-keys';
import type { GatewayServer } from './server-directory';
import { TokenVerifier } from './token-verifier';

export interface Caller {
  agentId: string;
  clientId: string;
  agentName: string;
  via: 'access_token' | 'api_key';
  credentialId: string;
  rights: CallerRights;
}

/** Why a request is refused before it reaches the protocol. */
export class GatewayAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly error: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | null,
    message: string,
  ) {
    super(message);
  }
}

function bearerOf(req: FastifyRequest): string | null {
  const raw = req.raw.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'authorization') count++;
  if (count > 1) throw new GatewayAuthError(400, 'invalid_request', 'Send exactly one Authorization header.');
  const query = req.url.indexOf('?');
  if (query >= 0 && new URLSearchParams(req.url.slice(query + 1)).has('access_token')) {
    throw new GatewayAuthError(400, 'invalid_request', 'Tokens are not accepted in the query string.');
  }
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!m) throw new GatewayAuthError(401, 'invalid_token', 'The Authorization header must be "Bearer <token>".');
  return m[1]!;
}

@Injectable()
export class CallerResolver {
  constructor(
    private readonly tokens: TokenVerifier,
    private readonly apiKeys: ApiKeyDirectory,
    private readonly registry: ClientRegistry,
  ) {}

  async resolve(req: FastifyRequest, tenant: TenantRef, server: GatewayServer): Promise<Caller> {
    const bearer = bearerOf(req);
    if (bearer === null) throw new GatewayAuthError(401, null, 'Authentication required.');
    if (isWellFormedApiKey(bearer)) return this.fromApiKey(bearer, tenant, server);
    let verified;
    try {
      verified = await this.tokens.verify(bearer, tenant, server.resource);
    } catch (e) {
      if (e instanceof TokenError) throw new GatewayAuthError(401, 'invalid_token', `The access token is not valid here (${e.code}).`);
      throw e;
    }
    const client = await this.registry.get(verified.claims.client_id);
    const grant = this.currentGrant(client, tenant, server);
    return {
      agentId: client!.agentId,
      clientId: client!.clientId,
      agentName: client!.name,
      via: 'access_token',
      credentialId: verified.claims.jti,
      rights: { scopes: verified.scopes, grant, tools: server.tools },
    };
  }

  /** The agent must still be active and still granted this server, whatever its token says. */
  private currentGrant(client: Awaited<ReturnType<ClientRegistry['get']>>, tenant: TenantRef, server: GatewayServer): GrantRules {
    if (!client || !client.active || client.tenantId !== tenant.id) {
      throw new GatewayAuthError(401, 'invalid_token', 'The agent is disabled or no longer exists.');
    }
    const granted = client.resources.get(server.resource);
    if (!granted) throw new GatewayAuthError(403, 'insufficient_scope', 'The agent is no longer granted this server.');
    return granted.grant;
  }

  private async fromApiKey(presented: string, tenant: TenantRef, server: GatewayServer): Promise<Caller> {
    const key = await this.apiKeys.lookup(presented);
    if (!key || key.tenantId !== tenant.id) throw new GatewayAuthError(401, 'invalid_token', 'The API key is invalid, expired or revoked.');
    const client = await this.registry.get(key.clientId);
    const grant = this.currentGrant(client, tenant, server);
    const entry = key.scope.find((s) => s.serverId === server.id);
    if (!entry) throw new GatewayAuthError(403, 'insufficient_scope', 'The API key is not scoped to this server.');
    // Same model as tokens: the key's scope, intersected with the live grant.
    const keyGrant: GrantRules = { tools: entry.tools, resources: grant.resources, prompts: grant.prompts };
    return {
      agentId: key.agentId,
      clientId: key.clientId,
      agentName: client!.name,
      via: 'api_key',
      credentialId: key.id,
      rights: { scopes: scopesFromGrants([keyGrant]), grant, tools: server.tools },
    };
  }
}

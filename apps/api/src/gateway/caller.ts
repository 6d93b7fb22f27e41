// Who is calling the gateway and what they may do on this server: an access token (verified
// locally) or an agent API key; an agent and its current grant, or a member through an MCP host
// (the token's subject is the person, its client_id the host) and the member's current rights;
// and the server's callable tools. Everything comes from caches: no database round trip per call.
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TokenError, isWellFormedApiKey, scopesFromGrants } from '@portcullis/auth-core';
import type { CallerRights, GrantRules } from '@portcullis/mcp-pipeline';
import { ClientRegistry } from '../oauth/client-registry';
import type { TenantRef } from '../oauth/tenant-directory';
import { ApiKeyDirectory } from './api-keys';
import type { GatewayServer } from './server-directory';
import { TokenVerifier, type VerifiedToken } from './token-verifier';
import { PeopleClients } from '../oauth/people-clients';
import { MemberDirectory } from '../oauth/member-directory';
import { personStanding } from '../oauth/standing';

export interface Caller {
  /** An agent (client credentials or an API key), or a member through an MCP host (authorization code). */
  kind: 'agent' | 'member';
  /** The agent's id, or the member's user id. */
  id: string;
  /** The agent's name, or the member's e-mail address. */
  name: string;
  /** The OAuth client: the agent itself, or the MCP host the member uses. */
  client: { id: string; name: string | null };
  via: 'access_token' | 'api_key';
  credentialId: string;
  rights: CallerRights;
}

/** The caller as policies see it (targets, per-agent limits): the agent, or `user:<id>` for a person. */
export function policySubject(c: Caller): string {
  return c.kind === 'agent' ? c.id : `user:${c.id}`;
}

/** Who a gateway session belongs to: the agent, or the person through this one client. */
export function sessionOwner(c: Caller): string {
  return c.kind === 'agent' ? c.id : `user:${c.id}@${c.client.id}`;
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
  if (!m)
    throw new GatewayAuthError(401, 'invalid_token', 'The Authorization header must be "Bearer <token>".');
  return m[1]!;
}

@Injectable()
export class CallerResolver {
  constructor(
    private readonly tokens: TokenVerifier,
    private readonly apiKeys: ApiKeyDirectory,
    private readonly registry: ClientRegistry,
    private readonly people: PeopleClients,
    private readonly members: MemberDirectory,
  ) {}

  async resolve(req: FastifyRequest, tenant: TenantRef, server: GatewayServer): Promise<Caller> {
    const bearer = bearerOf(req);
    if (bearer === null) throw new GatewayAuthError(401, null, 'Authentication required.');
    if (isWellFormedApiKey(bearer)) return this.fromApiKey(bearer, tenant, server);
    let verified;
    try {
      verified = await this.tokens.verify(bearer, tenant, server.resource);
    } catch (e) {
      if (e instanceof TokenError)
        throw new GatewayAuthError(401, 'invalid_token', `The access token is not valid here (${e.code}).`);
      throw e;
    }
    // A person's token names them as the subject; an agent's names the agent (sub = client_id).
    if (verified.claims.sub !== verified.claims.client_id) return this.fromPerson(verified, tenant, server);
    const client = await this.registry.get(verified.claims.client_id);
    const grant = this.currentGrant(client, tenant, server);
    return {
      kind: 'agent',
      id: client!.agentId,
      name: client!.name,
      client: { id: client!.clientId, name: client!.name },
      via: 'access_token',
      credentialId: verified.claims.jti,
      rights: { scopes: verified.scopes, grant, tools: server.tools },
    };
  }

  /** The member must still be a member, granted this server and consenting to this client, which must still be enabled. */
  private async fromPerson(
    verified: VerifiedToken,
    tenant: TenantRef,
    server: GatewayServer,
  ): Promise<Caller> {
    const { sub, client_id: clientId, jti } = verified.claims;
    const [client, member] = await Promise.all([
      this.people.get(tenant.id, clientId),
      this.members.get(tenant.id, sub),
    ]);
    const standing = personStanding(member, client, server.id);
    if (!standing.ok) {
      const noGrant = member && client?.status === 'active' && !member.grants.has(server.id);
      throw new GatewayAuthError(
        noGrant ? 403 : 401,
        noGrant ? 'insufficient_scope' : 'invalid_token',
        `The access token no longer holds: ${standing.reason}.`,
      );
    }
    return {
      kind: 'member',
      id: member!.userId,
      name: member!.email,
      client: { id: client!.clientId, name: client!.name },
      via: 'access_token',
      credentialId: jti,
      rights: { scopes: verified.scopes, grant: standing.grant, tools: server.tools },
    };
  }

  /** The agent must still be active and still granted this server, whatever its token says. */
  private currentGrant(
    client: Awaited<ReturnType<ClientRegistry['get']>>,
    tenant: TenantRef,
    server: GatewayServer,
  ): GrantRules {
    if (!client || !client.active || client.tenantId !== tenant.id) {
      throw new GatewayAuthError(401, 'invalid_token', 'The agent is disabled or no longer exists.');
    }
    const granted = client.resources.get(server.resource);
    if (!granted)
      throw new GatewayAuthError(403, 'insufficient_scope', 'The agent is no longer granted this server.');
    return granted.grant;
  }

  private async fromApiKey(presented: string, tenant: TenantRef, server: GatewayServer): Promise<Caller> {
    const key = await this.apiKeys.lookup(presented);
    if (!key || key.tenantId !== tenant.id)
      throw new GatewayAuthError(401, 'invalid_token', 'The API key is invalid, expired or revoked.');
    const client = await this.registry.get(key.clientId);
    const grant = this.currentGrant(client, tenant, server);
    const entry = key.scope.find((s) => s.serverId === server.id);
    if (!entry)
      throw new GatewayAuthError(403, 'insufficient_scope', 'The API key is not scoped to this server.');
    // Same model as tokens: the key's scope, intersected with the live grant.
    const keyGrant: GrantRules = { tools: entry.tools, resources: grant.resources, prompts: grant.prompts };
    return {
      kind: 'agent',
      id: key.agentId,
      name: client!.name,
      client: { id: key.clientId, name: client!.name },
      via: 'api_key',
      credentialId: key.id,
      rights: { scopes: scopesFromGrants([keyGrant]), grant, tools: server.tools },
    };
  }
}

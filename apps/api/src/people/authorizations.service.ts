// The consent page's side of an authorization: what a pending request would let the client do
// for the signed-in member (the requested scopes cut to their rights on the server), and the
// member's decision. Allowing remembers the consent per (member, client, server) and issues the
// code; denying (or a request the member cannot allow) sends access_denied back to the client.
import { Inject, Injectable } from '@nestjs/common';
import {
  SCOPE_ALL_TOOLS,
  SCOPE_PROMPTS,
  SCOPE_RESOURCES,
  TOOL_SCOPE_PREFIX,
  canonicalScopeList,
  coversScopes,
  downscope,
  redirectTarget,
  scopesFromGrants,
} from '@portcullis/auth-core';
import type { GrantRules } from '@portcullis/mcp-pipeline';
import type { AuthorizationRequestView } from '@portcullis/sdk';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { TenantDbFactory } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
import { AuthorizationStore, type PendingAuthorization } from '../oauth/authorization-store';
import { responseRedirect } from '../oauth/authorize';
import { asEndpoints } from '../oauth/issuer';
import { PeopleClients } from '../oauth/people-clients';
import { MemberDirectory, consentKey } from '../oauth/member-directory';

const gone = () =>
  new AppError(
    'not_found',
    'This authorization request expired or was already answered. Start again from your application.',
  );

/** What the scopes let the client do, within the member's grant. */
function accessOf(
  grant: GrantRules | undefined,
  scopes: readonly string[],
): AuthorizationRequestView['access'] {
  if (!grant) return { tools: [], resources: false, prompts: false };
  const tools = scopes.includes(SCOPE_ALL_TOOLS)
    ? grant.tools === '*'
      ? '*'
      : [...grant.tools]
    : scopes.filter((s) => s.startsWith(TOOL_SCOPE_PREFIX)).map((s) => s.slice(TOOL_SCOPE_PREFIX.length));
  const list = (v: boolean | readonly string[]) => (typeof v === 'boolean' ? v : [...v]);
  return {
    tools,
    resources: scopes.includes(SCOPE_RESOURCES) ? list(grant.resources) : false,
    prompts: scopes.includes(SCOPE_PROMPTS) ? list(grant.prompts) : false,
  };
}

@Injectable()
export class AuthorizationsService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly tenantDbs: TenantDbFactory,
    private readonly store: AuthorizationStore,
    private readonly clients: PeopleClients,
    private readonly members: MemberDirectory,
    private readonly audit: AuditService,
    private readonly bus: InvalidationBus,
  ) {}

  /** Everything the page shows and the decision needs, for this member. */
  private async prepare(userId: string, p: PendingAuthorization) {
    const [tenant, member, client, server] = await Promise.all([
      this.tenantDbs.forTenant(p.tenantId).tenant.findUniqueOrThrow({
        where: { id: p.tenantId },
        select: { id: true, slug: true, name: true },
      }),
      this.members.get(p.tenantId, userId),
      this.clients.get(p.tenantId, p.clientId),
      this.tenantDbs.forTenant(p.tenantId).mcpServer.findFirst({
        where: { id: p.serverId },
        select: { id: true, slug: true, name: true, status: true },
      }),
    ]);
    if (!member)
      throw new AppError(
        'forbidden',
        `You are not a member of ${tenant.name}. Sign in with the account you use there.`,
      );
    if (!client || client.rowId !== p.clientRowId || !server) throw gone();
    const grant = member.grants.get(server.id);
    const scopes = grant ? downscope(p.scopes, scopesFromGrants([grant])) : [];
    const clientName = client.name ?? client.clientId;
    const blocked =
      client.status === 'pending'
        ? `${clientName} awaits approval by an administrator of ${tenant.name}.`
        : client.status !== 'active'
          ? `An administrator disabled ${clientName}.`
          : server.status !== 'active'
            ? `${server.name} is disabled.`
            : !grant
              ? `You have no access to ${server.name}. Ask an administrator of ${tenant.name} to grant it to you.`
              : scopes.length === 0
                ? `${clientName} asks for nothing you may use on ${server.name}.`
                : null;
    const consented = member.consents.get(consentKey(client.rowId, server.id));
    const remembered = !blocked && !p.forceConsent && !!consented && coversScopes(consented, scopes);
    return { tenant, member, client, server, grant, scopes, blocked, remembered };
  }

  async view(userId: string, id: string): Promise<AuthorizationRequestView> {
    const p = await this.store.getRequest(id);
    if (!p) throw gone();
    const { tenant, client, server, grant, scopes, blocked, remembered } = await this.prepare(userId, p);
    const target = redirectTarget(p.redirectUri);
    const loopback = /^(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?$/.test(target);
    return {
      tenant,
      client: {
        clientId: client.clientId,
        name: client.name,
        kind: client.kind,
        verified: client.verified,
        clientUri: client.clientUri,
        domain: client.kind === 'metadata_document' ? new URL(client.clientId).host : null,
      },
      redirectTarget: target,
      loopbackOnly: loopback,
      server: { id: server.id, slug: server.slug, name: server.name, resource: p.resource },
      scopes,
      access: accessOf(grant, scopes),
      remembered,
      blocked,
      expiresAt: new Date(p.expiresAt).toISOString(),
    };
  }

  async decide(
    userId: string,
    id: string,
    decision: 'allow' | 'deny',
    ip: string,
    requestId: string,
  ): Promise<{ redirectTo: string }> {
    const pending = await this.store.getRequest(id);
    if (!pending) throw gone();
    // Checked before the request is used up: a non-member's answer (403) leaves it to the member.
    const { tenant, member, client, server, scopes, blocked } = await this.prepare(userId, pending);
    const p = await this.store.takeRequest(id);
    if (!p) throw gone(); // decided meanwhile, once
    const iss = asEndpoints(this.config.PUBLIC_URL, tenant.slug).issuer;
    const actor = { type: 'user' as const, id: userId, label: member.email };
    const details = {
      client: { id: client.clientId, name: client.name },
      scopes,
      redirectTarget: redirectTarget(p.redirectUri),
    };
    if (decision === 'deny' || blocked) {
      await this.audit.record({
        tenantId: tenant.id,
        actor,
        action: 'consent.denied',
        target: { type: 'server', id: server.id, label: server.slug },
        outcome: 'denied',
        reason: blocked ?? 'the member declined',
        ip,
        requestId,
        details,
      });
      const description = blocked ?? 'The member declined the request.';
      return {
        redirectTo: responseRedirect(p.redirectUri, {
          error: 'access_denied',
          error_description: description,
          state: p.state,
          iss,
        }),
      };
    }
    await this.tenantDbs.forTenant(tenant.id).$transaction(async (tx) => {
      const where = {
        clientRowId_userId_serverId: { clientRowId: client.rowId, userId, serverId: server.id },
      };
      const existing = await tx.oAuthConsent.findUnique({ where });
      const all = canonicalScopeList([...(existing?.scopes ?? []), ...scopes]);
      await tx.oAuthConsent.upsert({
        where,
        update: { scopes: all },
        create: { tenantId: tenant.id, userId, clientRowId: client.rowId, serverId: server.id, scopes: all },
      });
      await this.audit.record(
        {
          tenantId: tenant.id,
          actor,
          action: 'consent.granted',
          target: { type: 'server', id: server.id, label: server.slug },
          outcome: 'success',
          ip,
          requestId,
          details: {
            ...details,
            remembered: !!existing && coversScopes(existing.scopes, scopes),
            consented: all,
          },
        },
        tx,
      );
    });
    // The gateway and the token endpoint must see the consent before the code is redeemed.
    await this.bus.publish({ kind: 'member', tenantId: tenant.id, userId });
    const code = await this.store.issueCode({
      tenantId: tenant.id,
      clientRowId: client.rowId,
      userId,
      serverId: server.id,
      resource: p.resource,
      scopes,
      redirectUri: p.redirectUri,
      redirectUriSent: p.redirectUriSent,
      codeChallenge: p.codeChallenge,
    });
    return { redirectTo: responseRedirect(p.redirectUri, { code, state: p.state, iss }) };
  }
}

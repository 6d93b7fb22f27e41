// Dynamic client registration (RFC 7591) for MCP hosts: validated metadata, a client_id in
// the base64url alphabet, a secret (shown once, stored hashed) only for confidential clients,
// and the tenant's setting: open (active at once), approval (pending until an admin approves)
// or off. Answers echo the registered metadata with no null members (what the TS SDK parses).
import { Inject, Injectable } from '@nestjs/common';
import {
  ClientMetadataError,
  SecretHasher,
  mintClientSecret,
  parseClientMetadata,
  randomToken,
} from '@portcullis/auth-core';
import { AuditService } from '../audit/audit.service';
import { SECRET_HASHER } from '../infra/core.module';
import { TenantDbFactory } from '../infra/database';
import { metadataColumns } from './people-clients';
import type { TenantRef } from './tenant-directory';

/** RFC 7591 §3.2.2 errors, which OAuthError's vocabulary does not have. */
export class RegistrationError extends Error {
  constructor(
    readonly error: 'invalid_redirect_uri' | 'invalid_client_metadata' | 'access_denied',
    description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

@Injectable()
export class ClientRegistration {
  constructor(
    private readonly tenantDbs: TenantDbFactory,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    private readonly audit: AuditService,
  ) {}

  async register(
    body: unknown,
    tenant: TenantRef,
    ip: string,
    requestId: string,
  ): Promise<Record<string, unknown>> {
    const refuse = (e: RegistrationError) => {
      this.audit.emit({
        tenantId: tenant.id,
        actor: { type: 'client', id: 'unregistered' },
        action: 'oauth_client.registration_refused',
        outcome: 'denied',
        reason: `${e.error}: ${e.message}`,
        ip,
        requestId,
        details: { kind: 'dynamic' },
      });
      return e;
    };
    if (tenant.clientRegistration === 'off') {
      throw refuse(
        new RegistrationError(
          'access_denied',
          'This organization does not accept client registrations.',
          403,
        ),
      );
    }
    let metadata;
    try {
      metadata = parseClientMetadata(body);
    } catch (e) {
      if (e instanceof ClientMetadataError) throw refuse(new RegistrationError(e.code, e.message));
      throw e;
    }
    const clientId = `mcpc_${randomToken(18)}`;
    const secret = metadata.tokenEndpointAuthMethod === 'none' ? undefined : mintClientSecret();
    const status = tenant.clientRegistration === 'open' ? 'active' : 'pending';
    const row = await this.tenantDbs.forTenant(tenant.id).$transaction(async (tx) => {
      const created = await tx.oAuthClient.create({
        data: {
          tenantId: tenant.id,
          clientId,
          kind: 'dynamic',
          status,
          registeredIp: ip.slice(0, 64),
          secretHash: secret ? this.hasher.hash(secret) : null,
          ...metadataColumns(metadata),
        },
      });
      await this.audit.record(
        {
          tenantId: tenant.id,
          actor: { type: 'client', id: clientId, label: metadata.clientName ?? undefined },
          action: 'oauth_client.registered',
          target: { type: 'oauth_client', id: created.id, label: metadata.clientName ?? clientId },
          outcome: 'success',
          ip,
          requestId,
          details: {
            kind: 'dynamic',
            status,
            authMethod: metadata.tokenEndpointAuthMethod,
            redirectUris: metadata.redirectUris,
            softwareId: metadata.softwareId,
          },
        },
        tx,
      );
      return created;
    });
    const optional = {
      client_name: metadata.clientName,
      client_uri: metadata.clientUri,
      scope: metadata.scope,
      software_id: metadata.softwareId,
      software_version: metadata.softwareVersion,
    };
    return {
      client_id: clientId,
      client_id_issued_at: Math.floor(row.createdAt.getTime() / 1000),
      ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
      redirect_uris: metadata.redirectUris,
      token_endpoint_auth_method: metadata.tokenEndpointAuthMethod,
      grant_types: metadata.grantTypes,
      response_types: ['code'],
      application_type: metadata.applicationType,
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null)),
    };
  }
}

import { grantRulesOf } from './grants';
import type {
  Agent as AgentRow,
  AgentApiKey as ApiKeyRow,
  AgentGrant,
  AgentKey as KeyRow,
  ClientSecret as SecretRow,
  McpServer,
} from '@portcullis/db';

type Status = 'active' | 'expired' | 'revoked';
export function credentialStatus(
  c: { revokedAt: Date | null; expiresAt: Date | null },
  now = Date.now(),
): Status {
  return c.revokedAt ? 'revoked' : c.expiresAt && c.expiresAt.getTime() <= now ? 'expired' : 'active';
}
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function agentView(a: AgentRow & { grants: (AgentGrant & { server: McpServer })[] }) {
  return {
    id: a.id,
    clientId: a.clientId,
    name: a.name,
    description: a.description,
    status: a.status,
    tokenLifetimeSec: a.tokenLifetimeSec,
    authMethods: a.authMethods as ('client_secret_basic' | 'client_secret_post' | 'private_key_jwt')[],
    grants: a.grants.map((g) => ({
      serverId: g.serverId,
      serverSlug: g.server.slug,
      ...grantRulesOf(g),
    })),
    createdAt: a.createdAt.toISOString(),
  };
}

export function secretView(s: SecretRow) {
  return {
    id: s.id,
    prefix: s.prefix,
    createdAt: s.createdAt.toISOString(),
    expiresAt: iso(s.expiresAt),
    revokedAt: iso(s.revokedAt),
    lastUsedAt: iso(s.lastUsedAt),
    status: credentialStatus(s),
  };
}

export function keyView(k: KeyRow) {
  const jwk = k.jwk as { kty?: string; alg?: string };
  return {
    id: k.id,
    kid: k.kid,
    kty: jwk.kty ?? 'unknown',
    alg: jwk.alg ?? null,
    thumbprint: k.thumbprint,
    createdAt: k.createdAt.toISOString(),
    revokedAt: iso(k.revokedAt),
  };
}

export function apiKeyView(k: ApiKeyRow) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scope: k.scope as { serverId: string; tools: '*' | string[] }[],
    createdAt: k.createdAt.toISOString(),
    expiresAt: iso(k.expiresAt),
    revokedAt: iso(k.revokedAt),
    lastUsedAt: iso(k.lastUsedAt),
    status: credentialStatus(k),
  };
}

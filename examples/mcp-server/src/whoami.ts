// What a proxy delivered to this server, summarised without echoing secrets.
import { fingerprint } from './auth.js';

type Headers = Record<string, string | string[] | undefined>;

export interface CredentialSummary {
  present: boolean;
  /** Authorization scheme as sent (e.g. "Bearer"), or null when absent or not scheme-shaped. */
  scheme?: string | null;
  /** sha256(value)[:12] of the credential (the token after the scheme, for Authorization). */
  fingerprint?: string;
  length?: number;
}

export interface WhoAmI {
  authorization: CredentialSummary;
  upstreamKey: CredentialSummary;
  cookie: { present: boolean };
  sessionId: string | null;
  protocolVersion: string | null;
  userAgent: string | null;
  origin: string | null;
  forwardedFor: string | null;
  requestId: string | null;
  /** Every header name received (lowercase, sorted); values are never included. */
  headerNames: string[];
}

function first(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function summarizeAuthorization(value: string | undefined): CredentialSummary {
  if (value === undefined) return { present: false };
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : null;
  const credential = space > 0 ? value.slice(space + 1).trim() : value;
  return { present: true, scheme, fingerprint: fingerprint(credential), length: credential.length };
}

function summarizeSecret(value: string | undefined): CredentialSummary {
  if (value === undefined) return { present: false };
  return { present: true, fingerprint: fingerprint(value), length: value.length };
}

export function summarizeHeaders(headers: Headers): WhoAmI {
  const names = Object.keys(headers).map((n) => n.toLowerCase());
  const lower: Headers = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return {
    authorization: summarizeAuthorization(first(lower, 'authorization')),
    upstreamKey: summarizeSecret(first(lower, 'x-upstream-key')),
    cookie: { present: first(lower, 'cookie') !== undefined },
    sessionId: first(lower, 'mcp-session-id') ?? null,
    protocolVersion: first(lower, 'mcp-protocol-version') ?? null,
    userAgent: first(lower, 'user-agent') ?? null,
    origin: first(lower, 'origin') ?? null,
    forwardedFor: first(lower, 'x-forwarded-for') ?? null,
    requestId: first(lower, 'x-request-id') ?? null,
    headerNames: [...new Set(names)].sort(),
  };
}

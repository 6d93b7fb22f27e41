// Whether a person may still use a server through a client, whatever their token says: still
// a member, still granted the server, still consenting to this client there, and the client
// still enabled. The gateway asks on every call (from caches), the token endpoint on every
// issuance.
import type { GrantRules } from '@portcullis/mcp-pipeline';
import type { PeopleClient } from './people-clients';
import { consentKey, type CachedMember } from './member-directory';

export type Standing =
  { ok: true; grant: GrantRules; consented: readonly string[] } | { ok: false; reason: string };

export function personStanding(
  member: CachedMember | null,
  client: PeopleClient | null,
  serverId: string,
): Standing {
  if (!client || client.status !== 'active')
    return { ok: false, reason: 'the client is disabled or no longer registered' };
  if (!member) return { ok: false, reason: 'the person is no longer a member' };
  const grant = member.grants.get(serverId);
  if (!grant) return { ok: false, reason: 'the member is no longer granted this server' };
  const consented = member.consents.get(consentKey(client.rowId, serverId));
  if (!consented) return { ok: false, reason: 'the member revoked their consent for this client' };
  return { ok: true, grant, consented };
}

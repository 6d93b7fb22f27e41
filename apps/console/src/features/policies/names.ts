// Resolving the ids in a policy's target to names, for lists and explanations.
import type { Agent, McpServer, PolicyTarget } from '@portcullis/sdk';

export interface Directory {
  servers: McpServer[];
  agents: Agent[];
}

export function serverName(d: Directory, id: string): string {
  return d.servers.find((s) => s.id === id)?.name ?? `server ${id.slice(0, 8)}…`;
}

export function agentName(d: Directory, id: string): string {
  return d.agents.find((a) => a.id === id)?.name ?? `agent ${id.slice(0, 8)}…`;
}

/** The API describes targets by id: put the names the admin knows in their place. */
export function withNames(d: Directory, text: string): string {
  let out = text;
  for (const s of d.servers) out = out.split(s.id).join(s.name);
  for (const a of d.agents) out = out.split(a.id).join(a.name);
  return out;
}

/** "Tenant-wide", or e.g. "Agent Support bot · Server CRM · Tool echo". */
export function describeTargetNames(d: Directory, t: PolicyTarget): string {
  const parts = [
    t.agentId ? `Agent ${agentName(d, t.agentId)}` : undefined,
    t.serverId ? `Server ${serverName(d, t.serverId)}` : undefined,
    t.tool ? `Tool ${t.tool}` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'Tenant-wide';
}

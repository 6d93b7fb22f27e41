// Target matching and specificity: tool > agent > server > tenant-wide, combinations add up.
import type { PolicyTarget } from '../model/common';

export const SPECIFICITY = { tool: 4, agent: 2, server: 1 } as const;

/** 0 (tenant-wide) to 7 (tool + agent + server). */
export function specificity(t: PolicyTarget): number {
  return (
    (t.tool ? SPECIFICITY.tool : 0) +
    (t.agentId ? SPECIFICITY.agent : 0) +
    (t.serverId ? SPECIFICITY.server : 0)
  );
}

export function targetMatches(
  t: PolicyTarget,
  serverId: string,
  agentId: string,
  tool: string | undefined,
): boolean {
  return (
    (t.serverId === undefined || t.serverId === serverId) &&
    (t.agentId === undefined || t.agentId === agentId) &&
    (t.tool === undefined || t.tool === tool)
  );
}

/** Why a target does not cover a call, for explanations. */
export function targetMismatch(
  t: PolicyTarget,
  serverId: string,
  agentId: string,
  tool: string | undefined,
): string {
  const parts: string[] = [];
  if (t.serverId !== undefined && t.serverId !== serverId) parts.push(`server '${t.serverId}'`);
  if (t.agentId !== undefined && t.agentId !== agentId) parts.push(`agent '${t.agentId}'`);
  if (t.tool !== undefined && t.tool !== tool) parts.push(`tool '${t.tool}'`);
  return `targets ${parts.join(', ')}, not this call`;
}

export function describeTarget(t: PolicyTarget): string {
  const parts: string[] = [];
  if (t.tool) parts.push(`tool '${t.tool}'`);
  if (t.serverId) parts.push(`server '${t.serverId}'`);
  if (t.agentId) parts.push(`agent '${t.agentId}'`);
  return parts.length === 0 ? 'tenant-wide' : `for ${parts.join(', ')}`;
}

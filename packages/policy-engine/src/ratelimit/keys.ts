// Counter keys. The tenant id sits in a Redis Cluster hash tag, so every counter of a tenant
// lives in one slot and the multi-key script stays legal on a cluster.
import type { LimitScope } from '../model/common';

const SAFE = /^[A-Za-z0-9_.-]*$/;
const enc = (s: string) => (SAFE.test(s) ? s : encodeURIComponent(s));

/** The call's identifiers, encoded once per call for all of its limits. */
export interface KeyParts {
  tenant: string;
  agent: string;
  server: string;
  tool: string | undefined;
  client: string | undefined;
}

export function keyParts(
  tenantId: string,
  agentId: string,
  serverId: string,
  tool: string | undefined,
  clientId?: string,
): KeyParts {
  return {
    tenant: enc(tenantId),
    agent: enc(agentId),
    server: enc(serverId),
    tool: tool === undefined ? undefined : enc(tool),
    client: clientId === undefined ? undefined : enc(clientId),
  };
}

/** The counter key, or undefined when the scope needs a tool (or a client) and the call has none. */
export function limitKey(k: KeyParts, policyId: string, per: LimitScope, suffix: string): string | undefined {
  let scope: string;
  switch (per) {
    case 'tenant':
      scope = 't';
      break;
    case 'agent':
      scope = `a:${k.agent}`;
      break;
    case 'agent_server':
      scope = `as:${k.agent}:${k.server}`;
      break;
    case 'client':
      if (k.client === undefined) return undefined;
      scope = `c:${k.client}`;
      break;
    case 'agent_tool':
      if (k.tool === undefined) return undefined;
      scope = `at:${k.agent}:${k.server}:${k.tool}`;
      break;
  }
  return `{${k.tenant}}:${enc(policyId)}:${scope}${suffix}`;
}

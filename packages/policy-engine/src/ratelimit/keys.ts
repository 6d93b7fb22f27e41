// Counter keys. The tenant id sits in a Redis Cluster hash tag, so every counter of a tenant
// lives in one slot and the multi-key script stays legal on a cluster.
import type { LimitScope } from '../model/common';

const SAFE = /^[A-Za-z0-9_.-]*$/;
const enc = (s: string) => (SAFE.test(s) ? s : encodeURIComponent(s));

export interface KeyParts {
  tenantId: string;
  policyId: string;
  agentId: string;
  serverId: string;
  tool: string | undefined;
}

/** The counter key, or undefined when the scope needs a tool and the call has none. */
export function limitKey(k: KeyParts, per: LimitScope, suffix = ''): string | undefined {
  let scope: string;
  switch (per) {
    case 'tenant':
      scope = 't';
      break;
    case 'agent':
      scope = `a:${enc(k.agentId)}`;
      break;
    case 'agent_server':
      scope = `as:${enc(k.agentId)}:${enc(k.serverId)}`;
      break;
    case 'agent_tool':
      if (k.tool === undefined) return undefined;
      scope = `at:${enc(k.agentId)}:${enc(k.serverId)}:${enc(k.tool)}`;
      break;
  }
  return `{${enc(k.tenantId)}}:${enc(k.policyId)}:${scope}${suffix}`;
}

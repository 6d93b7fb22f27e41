import type { Agent, AuthMethod, ToolSelection } from '@portcullis/sdk';

export const AUTH_METHODS: { value: AuthMethod; label: string; hint: string }[] = [
  {
    value: 'client_secret_basic',
    label: 'Client secret (Basic)',
    hint: 'client_id and secret in the Authorization header.',
  },
  {
    value: 'client_secret_post',
    label: 'Client secret (form)',
    hint: 'client_id and secret in the request body.',
  },
  {
    value: 'private_key_jwt',
    label: 'Private key JWT',
    hint: 'A signed assertion, checked with a public key registered on the agent.',
  },
];

export const authMethodLabel = (m: AuthMethod) => AUTH_METHODS.find((a) => a.value === m)?.label ?? m;

export function describeTools(tools: ToolSelection): string {
  if (tools === '*') return 'all tools';
  return tools.length === 1 ? '1 tool' : `${tools.length} tools`;
}

/** "crm (all tools), billing (2 tools)" */
export function grantsSummary(agent: Agent): string {
  if (agent.grants.length === 0) return 'No servers';
  return agent.grants.map((g) => `${g.serverSlug} (${describeTools(g.tools)})`).join(', ');
}

export function formatLifetime(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

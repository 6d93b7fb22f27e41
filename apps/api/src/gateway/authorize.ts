// What an agent may do inside the MCP protocol on one server: pure rules, no I/O. The
// gateway asks before forwarding each JSON-RPC message and filters what it lists back.
import { SCOPE_PROMPTS, SCOPE_RESOURCES, scopeAllowsTool, type ServerGrant } from '@portcullis/auth-core';

export interface CallerRights {
  /** Scopes of the access token (or derived from the API key's scope). */
  scopes: readonly string[];
  /** The agent's current grant on this server (re-read on every call: revocation is immediate). */
  grant: ServerGrant;
  /** Tools the server offers that are enabled, approved and pinned. */
  callableTools: ReadonlySet<string>;
}

export type MessageDecision =
  | { allow: true; filterToolsList?: boolean }
  | { allow: false; reason: string; wholeRequestScope?: string };

/** Lifecycle and utility methods any authenticated agent may use. */
const ALWAYS_ALLOWED = new Set(['initialize', 'ping', 'logging/setLevel', 'completion/complete']);
const RESOURCE_METHODS = new Set(['resources/list', 'resources/templates/list', 'resources/read', 'resources/subscribe', 'resources/unsubscribe']);
const PROMPT_METHODS = new Set(['prompts/list', 'prompts/get']);

export function toolAllowed(rights: CallerRights, tool: string): boolean {
  const grantAllows = rights.grant.tools === '*' || rights.grant.tools.includes(tool);
  return rights.callableTools.has(tool) && grantAllows && scopeAllowsTool(rights.scopes, tool);
}

export function decide(rights: CallerRights, message: { method?: unknown; params?: unknown }): MessageDecision {
  const method = message.method;
  // Responses to server-initiated requests (sampling, elicitation, roots) carry no method.
  if (method === undefined) return { allow: true };
  if (typeof method !== 'string') return { allow: false, reason: 'method must be a string' };
  if (ALWAYS_ALLOWED.has(method) || method.startsWith('notifications/')) return { allow: true };
  if (method === 'tools/list') return { allow: true, filterToolsList: true };
  if (method === 'tools/call') {
    const name = (message.params as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string') return { allow: false, reason: 'tools/call needs params.name' };
    return toolAllowed(rights, name) ? { allow: true } : { allow: false, reason: `tool "${name}" is not permitted for this agent` };
  }
  if (RESOURCE_METHODS.has(method)) {
    return rights.grant.resources && rights.scopes.includes(SCOPE_RESOURCES)
      ? { allow: true }
      : { allow: false, reason: 'resources are not permitted for this agent', wholeRequestScope: SCOPE_RESOURCES };
  }
  if (PROMPT_METHODS.has(method)) {
    return rights.grant.prompts && rights.scopes.includes(SCOPE_PROMPTS)
      ? { allow: true }
      : { allow: false, reason: 'prompts are not permitted for this agent', wholeRequestScope: SCOPE_PROMPTS };
  }
  return { allow: false, reason: `method "${method}" is not permitted through the gateway` };
}

/** Keeps only the tools the caller may call, in a tools/list result. */
export function filterToolsResult(rights: CallerRights, result: unknown): unknown {
  const r = result as { tools?: { name?: unknown }[] } | undefined;
  if (!r || !Array.isArray(r.tools)) return result;
  return { ...r, tools: r.tools.filter((t) => typeof t.name === 'string' && toolAllowed(rights, t.name)) };
}

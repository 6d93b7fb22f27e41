// What a caller may use on one server: the token's scopes intersected with the live grant, and
// the server's callable (approved, enabled, pinned) tools. Pure rules; the gateway builds the
// value per call from its caches.
import { SCOPE_PROMPTS, SCOPE_RESOURCES, scopeAllowsTool } from '@portcullis/auth-core';
import { matchUriPattern } from './uri-pattern';

export interface GrantRules {
  /** '*' for every tool, now and later; otherwise the tool names. */
  tools: '*' | readonly string[];
  /** true: every resource; a list: URI patterns (see uri-pattern.ts); false: none. */
  resources: boolean | readonly string[];
  /** true: every prompt; a list: prompt names; false: none. */
  prompts: boolean | readonly string[];
}

/** A callable tool and the fingerprint of the definition an admin approved. */
export interface PinnedTool {
  fingerprint: string;
}

export interface CallerRights {
  scopes: readonly string[];
  grant: GrantRules;
  /** The server's callable tools by name (approved, enabled, not removed, pinned). */
  tools: ReadonlyMap<string, PinnedTool>;
}

export function toolAllowed(rights: CallerRights, name: string): boolean {
  const g = rights.grant.tools;
  return rights.tools.has(name) && (g === '*' || g.includes(name)) && scopeAllowsTool(rights.scopes, name);
}

export function anyResources(rights: CallerRights): boolean {
  const g = rights.grant.resources;
  return rights.scopes.includes(SCOPE_RESOURCES) && (g === true || (Array.isArray(g) && g.length > 0));
}

export function resourceAllowed(rights: CallerRights, uri: string): boolean {
  if (!anyResources(rights)) return false;
  const g = rights.grant.resources;
  return g === true || (g as readonly string[]).some((p) => matchUriPattern(p, uri));
}

export function anyPrompts(rights: CallerRights): boolean {
  const g = rights.grant.prompts;
  return rights.scopes.includes(SCOPE_PROMPTS) && (g === true || (Array.isArray(g) && g.length > 0));
}

export function promptAllowed(rights: CallerRights, name: string): boolean {
  if (!anyPrompts(rights)) return false;
  const g = rights.grant.prompts;
  return g === true || (g as readonly string[]).includes(name);
}

/** Names from every list, or `all` when any part grants everything. */
function mergeParts(
  parts: readonly (boolean | string | readonly string[])[],
  all: true | '*',
): true | '*' | string[] {
  if (parts.some((p) => p === all)) return all;
  return [...new Set(parts.flatMap((p) => (Array.isArray(p) ? (p as readonly string[]) : [])))];
}

/**
 * Several grants for one server added up (a person's role grant and their own): all tools if
 * any says all, else every tool named; likewise for resources and prompts. Undefined when
 * there is no grant at all.
 */
export function unionGrants(grants: readonly GrantRules[]): GrantRules | undefined {
  if (grants.length === 0) return undefined;
  const listOrNone = (m: true | '*' | string[]) =>
    m === true ? true : Array.isArray(m) && m.length > 0 ? m : false;
  return {
    tools: mergeParts(
      grants.map((g) => g.tools),
      '*',
    ) as '*' | string[],
    resources: listOrNone(
      mergeParts(
        grants.map((g) => g.resources),
        true,
      ),
    ),
    prompts: listOrNone(
      mergeParts(
        grants.map((g) => g.prompts),
        true,
      ),
    ),
  };
}

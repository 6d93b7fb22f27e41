// The scope vocabulary of Portcullis access tokens, and how a requested scope is narrowed to
// what the agent was granted.
//
// A token is for exactly one resource (one MCP server behind the gateway; its aud), and its
// scopes say what the agent may do there:
//
//   mcp:tools           call any tool the grant allows, including tools the server adds later
//                       (the grant said "all tools")
//   mcp:tools:<name>    call the one tool <name>, spelled exactly as the server names it
//                       (case-sensitive; names outside the scope-token alphabet or longer
//                       than 128 characters can only be granted through mcp:tools)
//   mcp:resources       list and read resources and resource templates
//   mcp:prompts         list and get prompts
//
// Rules:
// - mcp:tools covers every mcp:tools:<name>; per-tool scopes never add up to mcp:tools (that
//   would silently cover tools added later).
// - A token never carries more than the grant: a requested scope the grant does not cover is
//   invalid_scope, not silently dropped, so a misconfigured agent fails loudly. No requested
//   scope means every granted scope (the TS SDK sends none for client_credentials unless told).
// - The gateway checks the token's scopes and the agent's current grants on every call, so a
//   revoked grant takes effect before the token expires. Lifecycle methods (initialize, ping,
//   tools/list) need only a valid token; tools/list is filtered to callable tools.
// - No openid. Agents use client credentials and get no refresh token; people's clients get
//   one when they registered the refresh_token grant type (offline_access is ignored).

export const SCOPE_ALL_TOOLS = 'mcp:tools';
export const TOOL_SCOPE_PREFIX = 'mcp:tools:';
export const SCOPE_RESOURCES = 'mcp:resources';
export const SCOPE_PROMPTS = 'mcp:prompts';

const MAX_TOOL_NAME = 128;
const MAX_SCOPE_PARAM = 8192;

/** The OAuth error a token endpoint answers with (RFC 6749 §5.2). */
export class ScopeError extends Error {
  override readonly name = 'ScopeError';
  readonly code = 'invalid_scope';
}

/** RFC 6749 §3.3 scope-token: 1*NQCHAR (printable ASCII except space, `"` and `\`). */
export function isScopeToken(s: string): boolean {
  return typeof s === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s);
}

/** Whether a tool can be granted on its own (its name fits in a scope token). */
export function isGrantableToolName(name: string): boolean {
  return isScopeToken(name) && name.length <= MAX_TOOL_NAME;
}

export function toolScope(name: string): string {
  if (!isGrantableToolName(name))
    throw new TypeError('tool name cannot be expressed as a scope; grant mcp:tools instead');
  return TOOL_SCOPE_PREFIX + name;
}

/** What an agent may do on one MCP server. Several grants for one server add up. */
export interface ServerGrant {
  /** '*' for every tool, now and later; otherwise the tool names. */
  tools: '*' | readonly string[];
  /** true: every resource; a list: URI patterns (the gateway matches them); false or empty: none. */
  resources?: boolean | readonly string[];
  /** true: every prompt; a list: prompt names; false or empty: none. */
  prompts?: boolean | readonly string[];
}

const grantsAny = (g: boolean | readonly string[] | undefined) =>
  g === true || (Array.isArray(g) && g.length > 0);

/**
 * Every scope the grants for one resource allow, in canonical order. A tool name that cannot
 * be a scope token grants nothing here (the API refuses such names; an old row must not turn
 * every token request into a failure).
 */
export function scopesFromGrants(grants: readonly ServerGrant[]): string[] {
  const out: string[] = [];
  for (const g of grants) {
    if (g.tools === '*') out.push(SCOPE_ALL_TOOLS);
    else for (const name of g.tools) if (isGrantableToolName(name)) out.push(TOOL_SCOPE_PREFIX + name);
    if (grantsAny(g.resources)) out.push(SCOPE_RESOURCES);
    if (grantsAny(g.prompts)) out.push(SCOPE_PROMPTS);
  }
  return canonicalScopes(out);
}

/** Split a `scope` parameter. Runs of spaces are tolerated; any other malformation is not. */
export function parseScope(scope: string | null | undefined): string[] {
  if (scope === undefined || scope === null) return [];
  if (typeof scope !== 'string' || scope.length > MAX_SCOPE_PARAM) throw new ScopeError('scope is malformed');
  const trimmed = scope.replace(/^ +| +$/g, '');
  if (trimmed === '') return [];
  const tokens = trimmed.split(/ +/);
  if (!tokens.every(isScopeToken)) throw new ScopeError('scope is malformed');
  return tokens;
}

/**
 * The scopes a new token gets: the requested ones if the grant covers every one of them,
 * all granted scopes if none were requested. Throws ScopeError (invalid_scope) otherwise, and
 * when the result would be empty (nothing is granted on this resource).
 */
export function narrowScope(requested: string | null | undefined, granted: readonly string[]): string[] {
  const wanted = parseScope(requested);
  const grantedSet = new Set(granted);
  if (wanted.length === 0) {
    const all = canonicalScopes(granted.filter(isKnownScope));
    if (all.length === 0) throw new ScopeError('no scope is granted on this resource');
    return all;
  }
  for (const s of wanted) {
    if (!isKnownScope(s)) throw new ScopeError(`unknown scope ${s}`);
    if (!covers(grantedSet, s)) throw new ScopeError(`scope ${s} is not granted`);
  }
  return canonicalScopes(wanted);
}

/**
 * The scope an interactive client asks for (authorization requests), checked: malformed or
 * unknown scopes are invalid_scope. `offline_access` is dropped: refresh tokens come with the
 * client's refresh_token grant type, not with a scope.
 */
export function parseRequestedScope(requested: string | null | undefined): string[] {
  const wanted = parseScope(requested).filter((s) => s !== 'offline_access');
  for (const s of wanted) if (!isKnownScope(s)) throw new ScopeError(`unknown scope ${s}`);
  return canonicalScopes(wanted);
}

/**
 * What a person delegates to a client: the requested scopes cut down to what they are granted
 * (RFC 6749 §3.3 lets the server grant less than asked, and says so in the token response's
 * scope); mcp:tools asked for with only some tools granted becomes those tools. Nothing
 * requested means everything granted. May be empty: the person has nothing to delegate.
 */
export function downscope(requested: readonly string[], granted: readonly string[]): string[] {
  const known = granted.filter(isKnownScope);
  if (requested.length === 0) return canonicalScopes(known);
  const grantedSet = new Set(known);
  const out: string[] = [];
  for (const s of requested) {
    if (covers(grantedSet, s)) out.push(s);
    else if (s === SCOPE_ALL_TOOLS) out.push(...known.filter((g) => g.startsWith(TOOL_SCOPE_PREFIX)));
  }
  return canonicalScopes(out);
}

/** Whether `granted` covers every scope in `wanted` (mcp:tools covers each mcp:tools:<name>). */
export function coversScopes(granted: readonly string[], wanted: readonly string[]): boolean {
  const set = new Set(granted);
  return wanted.every((s) => covers(set, s));
}

/** Scopes deduplicated and in canonical order (per-tool scopes folded into mcp:tools when present). */
export function canonicalScopeList(scopes: readonly string[]): string[] {
  return canonicalScopes(scopes);
}

/** Whether a token's scopes allow calling `toolName`. */
export function scopeAllowsTool(scopes: readonly string[], toolName: string): boolean {
  return (
    scopes.includes(SCOPE_ALL_TOOLS) ||
    (isGrantableToolName(toolName) && scopes.includes(TOOL_SCOPE_PREFIX + toolName))
  );
}

/** The `scope` value of a token or token response. */
export function formatScope(scopes: readonly string[]): string {
  return canonicalScopes(scopes).join(' ');
}

function isKnownScope(s: string): boolean {
  if (s === SCOPE_ALL_TOOLS || s === SCOPE_RESOURCES || s === SCOPE_PROMPTS) return true;
  return s.startsWith(TOOL_SCOPE_PREFIX) && isGrantableToolName(s.slice(TOOL_SCOPE_PREFIX.length));
}

function covers(granted: ReadonlySet<string>, s: string): boolean {
  return granted.has(s) || (s.startsWith(TOOL_SCOPE_PREFIX) && granted.has(SCOPE_ALL_TOOLS));
}

function rank(s: string): number {
  if (s === SCOPE_ALL_TOOLS) return 0;
  if (s.startsWith(TOOL_SCOPE_PREFIX)) return 1;
  if (s === SCOPE_RESOURCES) return 2;
  if (s === SCOPE_PROMPTS) return 3;
  return 4;
}

/** Deduplicated, per-tool scopes folded into mcp:tools when it is present, in a stable order. */
function canonicalScopes(scopes: readonly string[]): string[] {
  const set = new Set(scopes);
  const all = set.has(SCOPE_ALL_TOOLS);
  return [...set]
    .filter((s) => !(all && s.startsWith(TOOL_SCOPE_PREFIX)))
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

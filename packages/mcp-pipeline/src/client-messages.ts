// Messages from the agent to the server: which may pass, on what grounds. Deny by default: a
// method this file does not name is refused.
import { SCOPE_PROMPTS, SCOPE_RESOURCES } from '@portcullis/auth-core';
import type { Message } from './messages';
import {
  anyPrompts,
  anyResources,
  promptAllowed,
  resourceAllowed,
  toolAllowed,
  type CallerRights,
} from './rights';
import type { ServerSettings } from './server-settings';

/** What the gateway remembers of a forwarded request, to judge its answer. */
export interface PendingRequest {
  method: string;
  tool?: string;
  uri?: string;
  prompt?: string;
}

export type ClientVerdict =
  | { allow: true; pending?: PendingRequest }
  | {
      allow: false;
      reason: string;
      /** Set when the token lacks a scope the whole request needs (answered with 403 insufficient_scope). */
      missingScope?: string;
    };

export const MAX_TOOL_NAME_LENGTH = 256;
export const MAX_URI_LENGTH = 4096;

const LIFECYCLE = new Set(['initialize', 'ping']);
const NOTIFICATIONS = new Set([
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
]);

const deny = (reason: string, missingScope?: string): ClientVerdict => ({
  allow: false,
  reason,
  ...(missingScope ? { missingScope } : {}),
});

function stringParam(params: Record<string, unknown> | undefined, name: string, max: number): string | null {
  const v = params?.[name];
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;
}

function resourceRequest(
  rights: CallerRights,
  method: string,
  params: Record<string, unknown> | undefined,
): ClientVerdict {
  if (!anyResources(rights)) return deny('resources are not permitted for this agent', SCOPE_RESOURCES);
  if (method === 'resources/list' || method === 'resources/templates/list')
    return { allow: true, pending: { method } };
  const uri = stringParam(params, 'uri', MAX_URI_LENGTH);
  if (uri === null) return deny(`${method} needs params.uri (at most ${MAX_URI_LENGTH} characters)`);
  return resourceAllowed(rights, uri)
    ? { allow: true, pending: { method, uri } }
    : deny(`resource "${uri}" is not permitted for this agent`);
}

function promptRequest(
  rights: CallerRights,
  method: string,
  params: Record<string, unknown> | undefined,
): ClientVerdict {
  if (!anyPrompts(rights)) return deny('prompts are not permitted for this agent', SCOPE_PROMPTS);
  if (method === 'prompts/list') return { allow: true, pending: { method } };
  const name = stringParam(params, 'name', MAX_TOOL_NAME_LENGTH);
  if (name === null)
    return deny(`prompts/get needs params.name (at most ${MAX_TOOL_NAME_LENGTH} characters)`);
  return promptAllowed(rights, name)
    ? { allow: true, pending: { method, prompt: name } }
    : deny(`prompt "${name}" is not permitted for this agent`);
}

/** Completions reveal what a prompt or resource template accepts: only for granted ones. */
function completion(rights: CallerRights, params: Record<string, unknown> | undefined): ClientVerdict {
  const ref = params?.ref as { type?: unknown; name?: unknown; uri?: unknown } | undefined;
  if (ref?.type === 'ref/prompt' && typeof ref.name === 'string') {
    return promptAllowed(rights, ref.name)
      ? { allow: true, pending: { method: 'completion/complete', prompt: ref.name } }
      : deny(`prompt "${ref.name}" is not permitted for this agent`);
  }
  if (ref?.type === 'ref/resource' && typeof ref.uri === 'string' && ref.uri.length <= MAX_URI_LENGTH) {
    return resourceAllowed(rights, ref.uri)
      ? { allow: true, pending: { method: 'completion/complete', uri: ref.uri } }
      : deny(`resource "${ref.uri}" is not permitted for this agent`);
  }
  return deny('completion/complete needs params.ref naming a prompt or a resource');
}

/** Decides one message from the agent. */
export function authorizeClientMessage(
  rights: CallerRights,
  settings: ServerSettings,
  m: Message,
): ClientVerdict {
  if (m.kind === 'response') {
    // Answers to the server's own requests: only where the server may ask anything at all.
    return settings.clientAnswers
      ? { allow: true }
      : deny('this server may not send requests to agents, so no answer is expected');
  }
  if (m.kind === 'notification') {
    return NOTIFICATIONS.has(m.method)
      ? { allow: true }
      : deny(`notification "${m.method}" is not permitted through the gateway`);
  }
  const { method, params } = m;
  if (LIFECYCLE.has(method)) return { allow: true, pending: { method } };
  if (method === 'tools/list') return { allow: true, pending: { method } };
  if (method === 'tools/call') {
    const name = stringParam(params, 'name', MAX_TOOL_NAME_LENGTH);
    if (name === null)
      return deny(`tools/call needs params.name (at most ${MAX_TOOL_NAME_LENGTH} characters)`);
    if (
      params?.arguments !== undefined &&
      (typeof params.arguments !== 'object' || params.arguments === null || Array.isArray(params.arguments))
    ) {
      return deny('tools/call arguments must be an object');
    }
    if (params?.task !== undefined)
      return deny('task-augmented tool calls are not supported through the gateway');
    return toolAllowed(rights, name)
      ? { allow: true, pending: { method, tool: name } }
      : deny(`tool "${name}" is not permitted for this agent`);
  }
  if (method.startsWith('resources/') && RESOURCE_METHODS.has(method))
    return resourceRequest(rights, method, params);
  if (method === 'prompts/list' || method === 'prompts/get') return promptRequest(rights, method, params);
  if (method === 'completion/complete') return completion(rights, params);
  if (method === 'logging/setLevel') {
    return settings.allows.has('logging')
      ? { allow: true, pending: { method } }
      : deny('log messages are not enabled for this server');
  }
  return deny(`method "${method}" is not permitted through the gateway`);
}

const RESOURCE_METHODS = new Set([
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
]);

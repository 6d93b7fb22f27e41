// Messages from the server to the agent that are not answers: the server's own requests (to
// the agent's host) and notifications. Each is forwarded, refused (requests: the gateway
// answers the server itself, so it does not wait for ever) or dropped (notifications).
import type { NotificationMessage, RequestMessage } from './messages';
import { resourceAllowed, type CallerRights } from './rights';
import type { ServerMessageKind, ServerSettings } from './server-settings';

export type ServerMessageVerdict =
  | {
      action: 'forward';
      /** Scan the params with response guardrails before forwarding. */ scan: boolean;
      /** The server's tool list changed: re-check its tools. */ resync?: boolean;
    }
  | { action: 'refuse'; reason: string };

const REQUEST_KIND: Record<string, ServerMessageKind> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/** Notifications a server may send; the value says whether their content is scanned. */
const NOTIFICATIONS: Record<string, boolean> = {
  'notifications/progress': true,
  'notifications/cancelled': false,
  'notifications/resources/list_changed': false,
  'notifications/prompts/list_changed': false,
  'notifications/tools/list_changed': false,
};

export function judgeServerRequest(settings: ServerSettings, m: RequestMessage): ServerMessageVerdict {
  if (m.method === 'ping') return { action: 'forward', scan: false };
  const kind = REQUEST_KIND[m.method];
  if (!kind)
    return {
      action: 'refuse',
      reason: `the server sent request "${m.method}", which the gateway does not forward`,
    };
  if (!settings.allows.has(kind))
    return {
      action: 'refuse',
      reason: `the server asked for ${kind} ("${m.method}"), which is not enabled for this server`,
    };
  return { action: 'forward', scan: true };
}

export function judgeServerNotification(
  rights: CallerRights,
  settings: ServerSettings,
  m: NotificationMessage,
): ServerMessageVerdict {
  if (m.method === 'notifications/message') {
    return settings.allows.has('logging')
      ? { action: 'forward', scan: true }
      : { action: 'refuse', reason: 'log messages are not enabled for this server' };
  }
  if (m.method === 'notifications/resources/updated') {
    const uri = m.params?.uri;
    return typeof uri === 'string' && resourceAllowed(rights, uri)
      ? { action: 'forward', scan: false }
      : { action: 'refuse', reason: 'an update about a resource the agent may not read' };
  }
  const scan = NOTIFICATIONS[m.method];
  if (scan === undefined)
    return {
      action: 'refuse',
      reason: `the server sent notification "${m.method}", which the gateway does not forward`,
    };
  return {
    action: 'forward',
    scan,
    ...(m.method === 'notifications/tools/list_changed' ? { resync: true } : {}),
  };
}

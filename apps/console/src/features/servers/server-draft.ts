// The register/edit form's state, and how it becomes a request. Kept apart from the form so the
// rules (what is sent, what is kept) read in one place.
import type { CreateServerRequest, McpServer, UpdateServerRequest, UpstreamAuthInput } from '@portcullis/sdk';

/** 'keep' (edit only): leave the stored credential as it is; it is never sent back to the browser. */
export type AuthChoice = 'keep' | 'none' | 'bearer' | 'header';

export interface ServerDraft {
  name: string;
  slug: string;
  upstreamUrl: string;
  auth: AuthChoice;
  token: string;
  headerName: string;
  headerValue: string;
  tags: string;
  autoApproveTools: boolean;
  /** What the server may send to agents beyond answers. */
  serverMessages: ServerMessageKind[];
  /** The largest answer taken from the server, in MiB; '' for the deployment default. */
  maxResponseMiB: string;
}

export type ServerMessageKind = McpServer['serverMessages'][number];

/** What each kind lets the server do, in the admin's words. */
export const SERVER_MESSAGE_LABELS: Record<ServerMessageKind, string> = {
  sampling: "Ask the agent's model for completions (sampling)",
  elicitation: "Ask the agent's user for input (elicitation)",
  roots: "List the agent's roots (roots)",
  logging: 'Send log messages (logging)',
};

const MIB = 1024 * 1024;

export function newDraft(): ServerDraft {
  return {
    name: '',
    slug: '',
    upstreamUrl: '',
    auth: 'none',
    token: '',
    headerName: '',
    headerValue: '',
    tags: '',
    autoApproveTools: false,
    serverMessages: [],
    maxResponseMiB: '',
  };
}

export function draftOf(server: McpServer): ServerDraft {
  return {
    ...newDraft(),
    name: server.name,
    slug: server.slug,
    upstreamUrl: server.upstreamUrl,
    auth: server.upstreamAuth.type === 'none' ? 'none' : 'keep',
    headerName: server.upstreamAuth.headerName ?? '',
    tags: server.tags.join(', '),
    autoApproveTools: server.autoApproveTools,
    serverMessages: [...server.serverMessages],
    maxResponseMiB:
      server.maxResponseBytes === null ? '' : String(Math.round((server.maxResponseBytes / MIB) * 100) / 100),
  };
}

/** MiB as typed, to bytes; null for empty (the default), NaN for something that is not a number (the API says why). */
export function maxResponseBytesOf(d: ServerDraft): number | null {
  const text = d.maxResponseMiB.trim();
  return text === '' ? null : Math.round(Number(text) * MIB);
}

const sameKinds = (a: readonly string[], b: readonly string[]) =>
  [...a].sort().join() === [...b].sort().join();

export function upstreamAuthOf(d: ServerDraft): UpstreamAuthInput | undefined {
  if (d.auth === 'keep') return undefined;
  if (d.auth === 'bearer') return { type: 'bearer', token: d.token };
  if (d.auth === 'header') return { type: 'header', headerName: d.headerName.trim(), value: d.headerValue };
  return { type: 'none' };
}

export const parseTags = (tags: string): string[] => [
  ...new Set(
    tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

export function createRequest(d: ServerDraft): CreateServerRequest {
  return {
    name: d.name,
    slug: d.slug,
    upstreamUrl: d.upstreamUrl.trim(),
    upstreamAuth: upstreamAuthOf(d) ?? { type: 'none' },
    tags: parseTags(d.tags),
    autoApproveTools: d.autoApproveTools,
    serverMessages: d.serverMessages,
    maxResponseBytes: maxResponseBytesOf(d),
  };
}

/** Only what changed: a PATCH that names a field the admin did not touch could undo someone else's edit. */
export function updateRequest(server: McpServer, d: ServerDraft): UpdateServerRequest {
  const out: UpdateServerRequest = {};
  if (d.name !== server.name) out.name = d.name;
  if (d.upstreamUrl.trim() !== server.upstreamUrl) out.upstreamUrl = d.upstreamUrl.trim();
  const auth = upstreamAuthOf(d);
  if (auth && !(auth.type === 'none' && server.upstreamAuth.type === 'none')) out.upstreamAuth = auth;
  const tags = parseTags(d.tags);
  if (tags.join('\n') !== server.tags.join('\n')) out.tags = tags;
  if (d.autoApproveTools !== server.autoApproveTools) out.autoApproveTools = d.autoApproveTools;
  if (!sameKinds(d.serverMessages, server.serverMessages)) out.serverMessages = d.serverMessages;
  const max = maxResponseBytesOf(d);
  if (max !== server.maxResponseBytes) out.maxResponseBytes = max;
  return out;
}

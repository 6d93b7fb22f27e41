'use client';
import { serverRoutes } from '@portcullis/sdk';
import { useCallback, useState } from 'react';
import { call } from '@/lib/api';
import { slugify } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { ConnectionTestResult as Result, McpServer, TestConnectionRequest } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { CheckboxField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { ConnectionTestResult } from './connection-test-result';
import {
  createRequest,
  draftOf,
  newDraft,
  updateRequest,
  upstreamAuthOf,
  SERVER_MESSAGE_LABELS,
  type ServerDraft,
  type ServerMessageKind,
} from './server-draft';
import { UpstreamAuthFields } from './upstream-auth-fields';

const testConnection = (body: TestConnectionRequest) => call(serverRoutes.testConnection, { body });

/** Register (no `server`) or edit a server. The slug is fixed once registered: it is part of the
 * gateway URL, which is every token's audience. */
export function ServerForm({
  server,
  onSaved,
  onCancel,
}: {
  server?: McpServer;
  onSaved: (s: McpServer) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<ServerDraft>(() => (server ? draftOf(server) : newDraft()));
  const [slugEdited, setSlugEdited] = useState(false);
  const [tested, setTested] = useState<Result>();
  const save = useCallback(
    (d: ServerDraft) =>
      server
        ? call(serverRoutes.update, { params: { id: server.id }, body: updateRequest(server, d) })
        : call(serverRoutes.create, { body: createRequest(d) }),
    [server],
  );
  const action = useAction(save);
  const test = useAction(testConnection);
  const fe = { ...(test.error?.fieldErrors ?? {}), ...(action.error?.fieldErrors ?? {}) };
  const update = (patch: Partial<ServerDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTested(undefined);
  };
  // Testing needs the credential in the browser; a kept (stored) one cannot be sent back.
  const keepsStoredSecret = draft.auth === 'keep';
  const hint = server && server.upstreamAuth.type !== 'none' ? describeStored(server) : undefined;

  async function onTest() {
    const auth = upstreamAuthOf(draft);
    const result = await test.run({
      upstreamUrl: draft.upstreamUrl.trim(),
      upstreamAuth: auth ?? { type: 'none' },
    });
    if (result.ok) setTested(result.value);
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await action.run(draft);
    if (result.ok) onSaved(result.value);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <ProblemBanner error={action.error ?? test.error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          value={draft.name}
          error={fe.name}
          autoFocus={!server}
          placeholder="e.g. CRM tools"
          onChange={(e) => {
            const name = e.target.value;
            update(server || slugEdited ? { name } : { name, slug: slugify(name) });
          }}
        />
        <TextField
          label="Slug"
          name="slug"
          value={draft.slug}
          error={fe.slug}
          disabled={!!server}
          hint={
            server
              ? 'Part of the gateway URL; it cannot change.'
              : 'Part of the gateway URL: lowercase letters, digits, hyphens.'
          }
          onChange={(e) => {
            setSlugEdited(true);
            update({ slug: e.target.value });
          }}
        />
      </div>
      <TextField
        label="Upstream URL"
        name="upstreamUrl"
        type="url"
        value={draft.upstreamUrl}
        error={fe.upstreamUrl}
        placeholder="https://mcp.example.com/mcp"
        hint="The MCP server's Streamable HTTP endpoint. Agents never reach it directly."
        onChange={(e) => update({ upstreamUrl: e.target.value })}
      />
      <UpstreamAuthFields draft={draft} onChange={update} errors={fe} currentHint={hint} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Tags"
          name="tags"
          value={draft.tags}
          error={fe.tags ?? Object.entries(fe).find(([k]) => k.startsWith('tags.'))?.[1]}
          placeholder="crm, production"
          hint="Comma-separated."
          onChange={(e) => update({ tags: e.target.value })}
        />
        <CheckboxField
          className="sm:pt-7"
          label="Approve new and changed tools automatically"
          hint="Skips the quarantine review. Only for upstreams you fully control."
          checked={draft.autoApproveTools}
          onChange={(e) => update({ autoApproveTools: e.target.checked })}
        />
      </div>
      <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium text-slate-800">
          What the server may send to agents
        </legend>
        <p className="text-xs text-slate-500">
          Answers always pass, judged by grants and guardrails. Anything else the server sends is refused
          unless you allow it here (the gateway answers refused requests itself).
        </p>
        <div className="grid gap-1 sm:grid-cols-2">
          {(Object.keys(SERVER_MESSAGE_LABELS) as ServerMessageKind[]).map((kind) => (
            <CheckboxField
              key={kind}
              label={SERVER_MESSAGE_LABELS[kind]}
              checked={draft.serverMessages.includes(kind)}
              onChange={(e) =>
                update({
                  serverMessages: e.target.checked
                    ? [...draft.serverMessages, kind]
                    : draft.serverMessages.filter((k) => k !== kind),
                })
              }
            />
          ))}
        </div>
        <TextField
          label="Largest answer (MiB)"
          name="maxResponseMiB"
          inputMode="decimal"
          value={draft.maxResponseMiB}
          error={fe.maxResponseBytes}
          placeholder="10 (the default)"
          hint="A larger answer, or stream event, is refused with an error to the agent."
          onChange={(e) => update({ maxResponseMiB: e.target.value })}
        />
      </fieldset>
      {tested && <ConnectionTestResult result={tested} />}
      <div className="flex flex-wrap items-center justify-between gap-2 pt-2">
        <div className="flex items-center gap-3">
          <Button
            variant="secondary"
            onClick={onTest}
            loading={test.pending}
            disabled={!draft.upstreamUrl.trim() || keepsStoredSecret}
          >
            Test connection
          </Button>
          {keepsStoredSecret && (
            <span className="text-xs text-slate-500">Enter the credential again to test with it.</span>
          )}
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={onCancel} disabled={action.pending}>
            Cancel
          </Button>
          <Button type="submit" loading={action.pending}>
            {server ? 'Save changes' : 'Register server'}
          </Button>
        </div>
      </div>
    </form>
  );
}

function describeStored(server: McpServer): string {
  const { type, headerName, hint } = server.upstreamAuth;
  const what = type === 'bearer' ? 'Bearer' : (headerName ?? 'header');
  return hint ? `${what} ${hint}` : what;
}

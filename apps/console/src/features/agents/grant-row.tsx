'use client';
import { useCallback, useMemo, useState } from 'react';
import { api } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { useResource } from '@/lib/use-resource';
import type { Agent, Grant, McpServer, McpToolList, PutGrantRequest, ToolSelection } from '@/lib/types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Td } from '@/components/ui/table';
import { AccessListField, type AccessList } from './access-list-field';
import { ToolPicker, type ToolOption } from './tool-picker';

interface GrantState {
  tools: ToolSelection;
  resources: AccessList;
  prompts: AccessList;
}

const NONE: GrantState = { tools: [], resources: false, prompts: false };
const sorted = (v: AccessList) => (Array.isArray(v) ? [...v].sort() : v);
const key = (g: GrantState) =>
  JSON.stringify([g.tools === '*' ? '*' : [...g.tools].sort(), sorted(g.resources), sorted(g.prompts)]);
const grants = (v: AccessList) => v === true || (Array.isArray(v) && v.length > 0);
const isEmpty = (g: GrantState) => g.tools !== '*' && g.tools.length === 0 && !grants(g.resources) && !grants(g.prompts);

function toolNote(t: McpToolList['items'][number]): string | undefined {
  if (t.callable) return undefined;
  if (t.review === 'quarantined') return 'awaiting review';
  if (t.review === 'rejected') return 'rejected';
  if (!t.enabled) return 'disabled';
  return 'not callable';
}

/** One server's row of the grants matrix, saved on its own (PUT, or DELETE when emptied). */
export function GrantRow({
  agentId,
  server,
  grant,
  canManage,
  onSaved,
}: {
  agentId: string;
  server: McpServer;
  grant?: Grant;
  canManage: boolean;
  onSaved: () => void;
}) {
  const tools = useResource<McpToolList>(`/api/v1/servers/${server.id}/tools`);
  const initial: GrantState = grant
    ? { tools: grant.tools, resources: grant.resources, prompts: grant.prompts }
    : NONE;
  const [state, setState] = useState<GrantState>(initial);
  const save = useCallback(
    (next: GrantState) =>
      isEmpty(next)
        ? api.del<Agent>(`/api/v1/agents/${agentId}/grants/${server.id}`)
        : api.put<Agent>(`/api/v1/agents/${agentId}/grants/${server.id}`, next satisfies PutGrantRequest),
    [agentId, server.id],
  );
  const action = useAction(save);
  const options: ToolOption[] = useMemo(() => {
    const listed = (tools.data?.items ?? [])
      .filter((t) => !t.removed)
      .map((t) => ({ name: t.name, note: toolNote(t) }));
    // A granted name the upstream no longer lists stays visible, so it can be unchecked.
    const missing = (grant && grant.tools !== '*' ? grant.tools : []).filter(
      (n) => !listed.some((o) => o.name === n),
    );
    return [...listed, ...missing.map((name) => ({ name, note: 'not listed' }))];
  }, [tools.data, grant]);
  const dirty = key(state) !== key(initial);
  const removing = isEmpty(state) && !!grant;

  return (
    <tr
      data-testid="grant-row"
      aria-label={`Grant on ${server.slug}`}
      className={grant ? undefined : 'bg-slate-50/50'}
    >
      <Td className="w-56 align-top">
        <div className="font-medium text-slate-900">{server.name}</div>
        <div className="font-mono text-xs text-slate-500">{server.slug}</div>
        <div className="mt-1 flex flex-wrap gap-1">
          {grant ? <Badge tone="green">Granted</Badge> : <Badge>No access</Badge>}
          {server.status === 'disabled' && <Badge tone="red">Server disabled</Badge>}
        </div>
      </Td>
      <Td className="align-top">
        {tools.loading && !tools.data ? (
          <p className="text-xs text-slate-400">Loading tools…</p>
        ) : tools.error && !tools.data ? (
          <p className="text-xs text-red-600">Could not load the tools: {tools.error.detail}</p>
        ) : (
          <ToolPicker
            options={options}
            value={state.tools}
            context={server.slug}
            disabled={!canManage}
            onChange={(t) => setState((s) => ({ ...s, tools: t }))}
          />
        )}
        {action.error && <p className="mt-2 text-xs text-red-600">{action.error.detail}</p>}
      </Td>
      <Td className="align-top">
        <AccessListField
          label={`Resources on ${server.slug}`}
          value={state.resources}
          disabled={!canManage}
          placeholder={'file:///docs/*'}
          hint="URI patterns, one per line; * matches any characters."
          onChange={(resources) => setState((s) => ({ ...s, resources }))}
        />
      </Td>
      <Td className="align-top">
        <AccessListField
          label={`Prompts on ${server.slug}`}
          value={state.prompts}
          disabled={!canManage}
          placeholder="summarize_topic"
          hint="Prompt names, one per line."
          onChange={(prompts) => setState((s) => ({ ...s, prompts }))}
        />
      </Td>
      {canManage && (
        <Td className="whitespace-nowrap text-right align-top">
          <Button
            size="sm"
            variant={removing ? 'danger' : 'primary'}
            disabled={!dirty}
            loading={action.pending}
            aria-label={`${removing ? 'Remove access to' : 'Save grant on'} ${server.slug}`}
            onClick={async () => {
              if ((await action.run(state)).ok) onSaved();
            }}
          >
            {removing ? 'Remove access' : 'Save'}
          </Button>
          {dirty && <p className="mt-1 text-[11px] text-amber-700">Unsaved</p>}
        </Td>
      )}
    </tr>
  );
}

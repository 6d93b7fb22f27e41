'use client';
// One row of a grants table (an agent's grant on a server, or a role's or a member's grant on a
// server): tools, resources and prompts, saved on its own, removed when emptied.
import { useState } from 'react';
import { useAction } from '@/lib/use-action';
import type { ToolSelection } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { Td } from '@/components/ui/table';
import { AccessListField, type AccessList } from '../agents/access-list-field';
import { ToolPicker, type ToolOption } from '../agents/tool-picker';

export interface GrantState {
  tools: ToolSelection;
  resources: AccessList;
  prompts: AccessList;
}

const NONE: GrantState = { tools: [], resources: false, prompts: false };
const sorted = (v: AccessList) => (Array.isArray(v) ? [...v].sort() : v);
const key = (g: GrantState) =>
  JSON.stringify([g.tools === '*' ? '*' : [...g.tools].sort(), sorted(g.resources), sorted(g.prompts)]);
const grants = (v: AccessList) => v === true || (Array.isArray(v) && v.length > 0);
export const isEmptyGrant = (g: GrantState) =>
  g.tools !== '*' && g.tools.length === 0 && !grants(g.resources) && !grants(g.prompts);

export interface ToolsState {
  options: ToolOption[];
  loading: boolean;
  error?: string;
}

export function GrantEditorRow({
  header,
  label,
  tools,
  grant,
  canManage,
  save,
  remove,
  onSaved,
}: {
  /** The first cell: what the row is about (a server, a role, a member). */
  header: React.ReactNode;
  /** Names the row and its controls ("Save grant on <label>", "echo on <label>"): unique on the page. */
  label: string;
  tools: ToolsState;
  grant?: GrantState;
  canManage: boolean;
  save: (next: GrantState) => Promise<unknown>;
  remove: () => Promise<unknown>;
  onSaved: () => void;
}) {
  const initial = grant ?? NONE;
  const [state, setState] = useState<GrantState>(initial);
  const action = useAction((next: GrantState) => (isEmptyGrant(next) ? remove() : save(next)));
  const dirty = key(state) !== key(initial);
  const removing = isEmptyGrant(state) && !!grant;
  return (
    <tr
      data-testid="grant-row"
      aria-label={`Grant on ${label}`}
      className={grant ? undefined : 'bg-slate-50/50'}
    >
      <Td className="w-56 align-top">{header}</Td>
      <Td className="align-top">
        {tools.loading ? (
          <p className="text-xs text-slate-400">Loading tools…</p>
        ) : tools.error ? (
          <p className="text-xs text-red-600">Could not load the tools: {tools.error}</p>
        ) : (
          <ToolPicker
            options={tools.options}
            value={state.tools}
            context={label}
            disabled={!canManage}
            onChange={(t) => setState((s) => ({ ...s, tools: t }))}
          />
        )}
        {action.error && <p className="mt-2 text-xs text-red-600">{action.error.detail}</p>}
      </Td>
      <Td className="align-top">
        <AccessListField
          label={`Resources on ${label}`}
          value={state.resources}
          disabled={!canManage}
          placeholder={'file:///docs/*'}
          hint="URI patterns, one per line; * matches any characters."
          onChange={(resources) => setState((s) => ({ ...s, resources }))}
        />
      </Td>
      <Td className="align-top">
        <AccessListField
          label={`Prompts on ${label}`}
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
            aria-label={`${removing ? 'Remove access to' : 'Save grant on'} ${label}`}
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

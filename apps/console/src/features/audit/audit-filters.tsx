'use client';
import { useState } from 'react';
import { AUDIT_ACTIONS } from '@portcullis/audit-core/actions';
import {
  filtersToParams,
  fromLocalInput,
  OUTCOMES,
  RANGE_PRESETS,
  toLocalInput,
  type AuditFilters as Filters,
  type RangePreset,
} from '@/lib/audit-query';
import type { Agent, AuditOutcome, McpServer } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';

type RangeChoice = '' | RangePreset | 'custom';

const RANGE_OPTIONS = [
  { value: '', label: 'All time' },
  ...RANGE_PRESETS.map((p) => ({ value: p.value, label: p.label })),
  { value: 'custom', label: 'Custom range…' },
];

interface Draft {
  range: RangeChoice;
  from: string;
  to: string;
  actor: string;
  action: string;
  outcome: '' | AuditOutcome;
  agent: string;
  server: string;
  tool: string;
  q: string;
  request: string;
}

function draftOf(f: Filters): Draft {
  return {
    range: f.range ?? (f.from || f.to ? 'custom' : ''),
    from: toLocalInput(f.from),
    to: toLocalInput(f.to),
    actor: f.actor ?? '',
    action: f.action ?? '',
    outcome: f.outcome ?? '',
    agent: f.agent ?? '',
    server: f.server ?? '',
    tool: f.tool ?? '',
    q: f.q ?? '',
    request: f.request ?? '',
  };
}

function filtersOf(d: Draft): Filters {
  const text = (v: string) => v.trim() || undefined;
  return {
    range: d.range && d.range !== 'custom' ? d.range : undefined,
    from: d.range === 'custom' ? fromLocalInput(d.from) : undefined,
    to: d.range === 'custom' ? fromLocalInput(d.to) : undefined,
    actor: text(d.actor),
    action: text(d.action),
    outcome: d.outcome || undefined,
    agent: text(d.agent),
    server: text(d.server),
    tool: text(d.tool),
    q: text(d.q),
    request: text(d.request),
  };
}

/** The explorer's filters. Applied together (the page URL changes, so the view can be shared). */
export function AuditFiltersForm({
  filters,
  agents,
  servers,
  onApply,
}: {
  filters: Filters;
  agents: Agent[];
  servers: McpServer[];
  onApply: (f: Filters) => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(filters));
  // The URL can change under the form (a link, back/forward): follow it.
  const key = filtersToParams(filters).toString();
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    setDraft(draftOf(filters));
  }
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const known = (id: string, list: { id: string }[]) => !id || list.some((x) => x.id === id);

  return (
    <form
      aria-label="Audit filters"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(filtersOf(draft));
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label="Time range"
          name="range"
          value={draft.range}
          options={RANGE_OPTIONS}
          onChange={(e) => set({ range: e.target.value as RangeChoice })}
        />
        <SelectField
          label="Action"
          name="action"
          value={draft.action}
          options={[
            { value: '', label: 'Any action' },
            ...AUDIT_ACTIONS.map((a) => ({ value: a, label: a })),
          ]}
          onChange={(e) => set({ action: e.target.value })}
        />
        <SelectField
          label="Outcome"
          name="outcome"
          value={draft.outcome}
          options={[{ value: '', label: 'Any outcome' }, ...OUTCOMES.map((o) => ({ value: o, label: o }))]}
          onChange={(e) => set({ outcome: e.target.value as Draft['outcome'] })}
        />
        <TextField
          label="Reason contains"
          name="q"
          value={draft.q}
          placeholder="e.g. rate limit"
          minLength={3}
          title="At least 3 characters"
          onChange={(e) => set({ q: e.target.value })}
        />
        {draft.range === 'custom' && (
          <>
            <TextField
              label="From"
              name="from"
              type="datetime-local"
              value={draft.from}
              onChange={(e) => set({ from: e.target.value })}
            />
            <TextField
              label="To"
              name="to"
              type="datetime-local"
              value={draft.to}
              onChange={(e) => set({ to: e.target.value })}
            />
          </>
        )}
        <SelectField
          label="Agent"
          name="agent"
          value={draft.agent}
          options={[
            { value: '', label: 'Any agent' },
            ...agents.map((a) => ({ value: a.id, label: a.name })),
            ...(known(draft.agent, agents) ? [] : [{ value: draft.agent, label: draft.agent }]),
          ]}
          onChange={(e) => set({ agent: e.target.value })}
        />
        <SelectField
          label="Server"
          name="server"
          value={draft.server}
          options={[
            { value: '', label: 'Any server' },
            ...servers.map((s) => ({ value: s.id, label: s.name })),
            ...(known(draft.server, servers) ? [] : [{ value: draft.server, label: draft.server }]),
          ]}
          onChange={(e) => set({ server: e.target.value })}
        />
        <TextField
          label="Tool"
          name="tool"
          value={draft.tool}
          placeholder="e.g. echo"
          onChange={(e) => set({ tool: e.target.value })}
        />
        <TextField
          label="Actor id"
          name="actor"
          value={draft.actor}
          placeholder="user, token or agent id"
          onChange={(e) => set({ actor: e.target.value })}
        />
        <TextField
          label="Request id"
          name="request"
          value={draft.request}
          placeholder="all events of one request"
          onChange={(e) => set({ request: e.target.value })}
        />
      </div>
      <div className="flex justify-end gap-2">
        <Button
          variant="ghost"
          onClick={() => {
            setDraft(draftOf({}));
            onApply({});
          }}
        >
          Clear filters
        </Button>
        <Button type="submit">Apply filters</Button>
      </div>
    </form>
  );
}

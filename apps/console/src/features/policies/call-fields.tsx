'use client';
import { serverRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';
import { SelectField, TextAreaField, TextField } from '@/components/ui/field';
import type { Directory } from './names';
import { METHODS, type CallForm } from './simulated-call-model';

const DIRECTIONS = [
  { value: 'request', label: 'Request (tool arguments)' },
  { value: 'response', label: 'Response (tool result)' },
];

/** A hypothetical call: who, to which server and tool, with what, from where, when. */
export function CallFields({
  value,
  directory,
  onChange,
  error,
}: {
  value: CallForm;
  directory: Directory;
  onChange: (patch: Partial<CallForm>) => void;
  error: (path: string) => string | undefined;
}) {
  const tools = useRoute(serverRoutes.tools, value.serverId ? { params: { id: value.serverId } } : null);
  const toolNames = [
    ...new Set((tools.data?.items ?? []).filter((t) => !t.removed).map((t) => t.name)),
  ].sort();
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label="Agent"
          name="call-agent"
          value={value.agentId}
          error={error('call.agentId')}
          options={[
            { value: '', label: 'Choose an agent' },
            ...directory.agents.map((a) => ({ value: a.id, label: a.name })),
          ]}
          onChange={(e) => onChange({ agentId: e.target.value })}
        />
        <SelectField
          label="Server"
          name="call-server"
          value={value.serverId}
          error={error('call.serverId')}
          options={[
            { value: '', label: 'Choose a server' },
            ...directory.servers.map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={(e) => onChange({ serverId: e.target.value, tool: '' })}
        />
        <SelectField
          label="Tool"
          name="call-tool"
          value={value.tool}
          error={error('call.tool')}
          disabled={!value.serverId}
          options={[
            { value: '', label: value.serverId ? 'No tool' : 'Choose a server first' },
            ...toolNames.map((t) => ({ value: t, label: t })),
          ]}
          onChange={(e) => onChange({ tool: e.target.value })}
        />
        <SelectField
          label="Method"
          name="call-method"
          value={value.method}
          error={error('call.method')}
          options={METHODS.map((m) => ({ value: m, label: m }))}
          onChange={(e) => onChange({ method: e.target.value })}
        />
        <SelectField
          label="Direction"
          name="call-direction"
          value={value.direction}
          error={error('call.direction')}
          options={DIRECTIONS}
          onChange={(e) => onChange({ direction: e.target.value as CallForm['direction'] })}
        />
        <TextField
          label="Time"
          name="call-time"
          type="datetime-local"
          value={value.time}
          error={error('call.time')}
          hint="Empty: now."
          onChange={(e) => onChange({ time: e.target.value })}
        />
        <TextField
          label="Client IP"
          name="call-ip"
          value={value.ip}
          placeholder="127.0.0.1"
          error={error('call.ip')}
          onChange={(e) => onChange({ ip: e.target.value })}
        />
        <TextField
          label="Country"
          name="call-country"
          value={value.country}
          placeholder="From the IP"
          maxLength={2}
          error={error('call.country')}
          hint="ISO code; empty: looked up from the IP."
          onChange={(e) => onChange({ country: e.target.value })}
        />
      </div>
      <TextAreaField
        label={value.direction === 'response' ? 'Tool result (JSON)' : 'Arguments (JSON)'}
        name="call-payload"
        rows={5}
        value={value.payload}
        placeholder={
          value.direction === 'response'
            ? '{ "content": [{ "type": "text", "text": "..." }] }'
            : '{ "text": "hello" }'
        }
        error={error('call.payload')}
        hint="Scanned by the guardrails that cover this direction."
        onChange={(e) => onChange({ payload: e.target.value })}
      />
    </div>
  );
}

'use client';
import { serverRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';
import { SelectField, TextField } from '@/components/ui/field';
import type { Directory } from './names';
import type { CommonForm } from './policy-form-model';

/** Which calls the policy covers: any combination of a server, an agent and a tool. */
export function TargetFields({
  value,
  directory,
  onChange,
  error,
  disabled,
}: {
  value: CommonForm;
  directory: Directory;
  onChange: (patch: Partial<CommonForm>) => void;
  error: (path: string) => string | undefined;
  disabled?: boolean;
}) {
  const tools = useRoute(serverRoutes.tools, value.serverId ? { params: { id: value.serverId } } : null);
  const toolNames = [
    ...new Set((tools.data?.items ?? []).filter((t) => !t.removed).map((t) => t.name)),
  ].sort();
  const unknown = (id: string, list: { id: string }[]) =>
    id && !list.some((x) => x.id === id) ? [{ value: id, label: id }] : [];
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <SelectField
        label="Server"
        name="serverId"
        value={value.serverId}
        disabled={disabled}
        error={error('target.serverId')}
        options={[
          { value: '', label: 'Any server' },
          ...directory.servers.map((s) => ({ value: s.id, label: s.name })),
          ...unknown(value.serverId, directory.servers),
        ]}
        onChange={(e) => onChange({ serverId: e.target.value })}
      />
      <SelectField
        label="Agent"
        name="agentId"
        value={value.agentId}
        disabled={disabled}
        error={error('target.agentId')}
        options={[
          { value: '', label: 'Any agent' },
          ...directory.agents.map((a) => ({ value: a.id, label: a.name })),
          ...unknown(value.agentId, directory.agents),
        ]}
        onChange={(e) => onChange({ agentId: e.target.value })}
      />
      {value.serverId && toolNames.length > 0 ? (
        <SelectField
          label="Tool"
          name="tool"
          value={value.tool}
          disabled={disabled}
          error={error('target.tool')}
          options={[
            { value: '', label: 'Any tool' },
            ...toolNames.map((t) => ({ value: t, label: t })),
            ...(value.tool && !toolNames.includes(value.tool)
              ? [{ value: value.tool, label: value.tool }]
              : []),
          ]}
          onChange={(e) => onChange({ tool: e.target.value })}
        />
      ) : (
        <TextField
          label="Tool"
          name="tool"
          value={value.tool}
          placeholder="Any tool"
          disabled={disabled}
          error={error('target.tool')}
          hint={value.serverId ? undefined : 'A tool name on any server.'}
          onChange={(e) => onChange({ tool: e.target.value })}
        />
      )}
    </div>
  );
}

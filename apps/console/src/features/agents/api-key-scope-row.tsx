'use client';
import { serverRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';
import type { Grant, ToolSelection } from '@/lib/types';
import { CheckboxField } from '@/components/ui/field';
import { ToolPicker } from './tool-picker';

export interface ScopeDraft {
  include: boolean;
  tools: ToolSelection;
}

/** One granted server in a new API key's scope: the key may get the grant or less, never more. */
export function ApiKeyScopeRow({
  grant,
  value,
  onChange,
}: {
  grant: Grant;
  value: ScopeDraft;
  onChange: (next: ScopeDraft) => void;
}) {
  // Under an all-tools grant the key can be narrowed to any listed tool; otherwise to the granted names.
  const tools = useRoute(serverRoutes.tools, grant.tools === '*' ? { params: { id: grant.serverId } } : null);
  const options =
    grant.tools === '*'
      ? (tools.data?.items ?? []).filter((t) => !t.removed).map((t) => ({ name: t.name }))
      : grant.tools.map((name) => ({ name }));
  return (
    <div className="rounded-md p-3 ring-1 ring-slate-200">
      <CheckboxField
        label={<span className="font-mono">{grant.serverSlug}</span>}
        aria-label={`Include ${grant.serverSlug}`}
        checked={value.include}
        onChange={(e) => onChange({ ...value, include: e.target.checked })}
      />
      {value.include && (
        <div className="mt-2 pl-6">
          <ToolPicker
            options={options}
            value={value.tools}
            allowAll={grant.tools === '*'}
            context={`key scope ${grant.serverSlug}`}
            onChange={(t) => onChange({ ...value, tools: t })}
          />
        </div>
      )}
    </div>
  );
}

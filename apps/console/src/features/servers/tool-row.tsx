'use client';
import { serverRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { McpTool } from '@/lib/types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Td } from '@/components/ui/table';
import { Toggle } from '@/components/ui/toggle';
import { SchemaDialog } from './schema-dialog';

const setEnabled = (serverId: string, toolId: string, enabled: boolean) =>
  call(serverRoutes.updateTool, { params: { id: serverId, toolId }, body: { enabled } });

const REVIEW = {
  approved: <Badge tone="green">Approved</Badge>,
  quarantined: <Badge tone="amber">Quarantined</Badge>,
  rejected: <Badge tone="red">Rejected</Badge>,
};

function whyNotCallable(t: McpTool): string {
  if (t.removed) return 'no longer listed by the upstream';
  if (t.review !== 'approved') return t.review === 'rejected' ? 'rejected' : 'awaiting review';
  if (!t.enabled) return 'disabled';
  return 'changed since approval';
}

export function ToolRow({
  serverId,
  tool,
  canManage,
  onChanged,
}: {
  serverId: string;
  tool: McpTool;
  canManage: boolean;
  onChanged: () => void;
}) {
  const action = useAction(setEnabled);
  const [viewing, setViewing] = useState(false);
  return (
    <tr data-testid="tool-row" className={tool.removed ? 'opacity-60' : undefined}>
      <Td className="max-w-md">
        <div className="font-mono text-sm font-medium text-slate-900">{tool.name}</div>
        {tool.definition.description && (
          <p className="mt-0.5 line-clamp-2 text-xs text-slate-500" title={tool.definition.description}>
            {tool.definition.description}
          </p>
        )}
        {action.error && <p className="mt-1 text-xs text-red-600">{action.error.detail}</p>}
      </Td>
      <Td>
        <div className="flex flex-wrap gap-1">
          {REVIEW[tool.review]}
          {tool.removed && <Badge>Removed</Badge>}
        </div>
      </Td>
      <Td>
        {tool.callable ? (
          <span className="text-sm font-medium text-emerald-700">Yes</span>
        ) : (
          <span className="text-sm text-slate-500">No · {whyNotCallable(tool)}</span>
        )}
      </Td>
      <Td>
        {canManage ? (
          <Toggle
            checked={tool.enabled}
            disabled={action.pending}
            label={`Enable ${tool.name}`}
            onChange={async (enabled) => {
              if ((await action.run(serverId, tool.id, enabled)).ok) onChanged();
            }}
          />
        ) : (
          <span className="text-sm text-slate-600">{tool.enabled ? 'Enabled' : 'Disabled'}</span>
        )}
      </Td>
      <Td className="text-right">
        <Button
          variant="ghost"
          size="sm"
          onClick={() => setViewing(true)}
          aria-label={`View the schema of ${tool.name}`}
        >
          Schema
        </Button>
        {viewing && <SchemaDialog tool={tool} onClose={() => setViewing(false)} />}
      </Td>
    </tr>
  );
}

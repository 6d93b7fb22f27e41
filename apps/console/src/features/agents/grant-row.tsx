'use client';
import { agentRoutes, serverRoutes } from '@portcullis/sdk';
import { useMemo } from 'react';
import { call } from '@/lib/api';
import { useRoute } from '@/lib/use-resource';
import type { Grant, McpServer, PutGrantRequest } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { GrantEditorRow } from '../grants/grant-editor-row';
import { toolOptions } from '../grants/tool-options';

/** One server's row of an agent's grants matrix, saved on its own (PUT, or DELETE when emptied). */
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
  const tools = useRoute(serverRoutes.tools, { params: { id: server.id } });
  const options = useMemo(() => toolOptions(tools.data, grant?.tools), [tools.data, grant]);
  return (
    <GrantEditorRow
      label={server.slug}
      tools={{
        options,
        loading: tools.loading && !tools.data,
        error: tools.error && !tools.data ? tools.error.detail : undefined,
      }}
      grant={grant ? { tools: grant.tools, resources: grant.resources, prompts: grant.prompts } : undefined}
      canManage={canManage}
      save={(next) =>
        call(agentRoutes.putGrant, {
          params: { id: agentId, serverId: server.id },
          body: next satisfies PutGrantRequest,
        })
      }
      remove={() => call(agentRoutes.deleteGrant, { params: { id: agentId, serverId: server.id } })}
      onSaved={onSaved}
      header={
        <>
          <div className="font-medium text-slate-900">{server.name}</div>
          <div className="font-mono text-xs text-slate-500">{server.slug}</div>
          <div className="mt-1 flex flex-wrap gap-1">
            {grant ? <Badge tone="green">Granted</Badge> : <Badge>No access</Badge>}
            {server.status === 'disabled' && <Badge tone="red">Server disabled</Badge>}
          </div>
        </>
      }
    />
  );
}

'use client';
import Link from 'next/link';
import type { Resource } from '@/lib/use-resource';
import type { Agent, McpServerList } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingBlock } from '@/components/ui/spinner';
import { Table, Th } from '@/components/ui/table';
import { GrantRow } from './grant-row';

/** The grants matrix: a row per server, that server's tools across it. */
export function GrantsCard({
  agent,
  servers,
  canManage,
  onSaved,
}: {
  agent: Agent;
  servers: Resource<McpServerList>;
  canManage: boolean;
  onSaved: () => void;
}) {
  const items = servers.data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title="Grants"
        description="Which servers, and which tools on each, this agent may use. A token never carries more than its grant. Each row is saved on its own."
      />
      {servers.loading && !servers.data ? (
        <LoadingBlock />
      ) : servers.error && !servers.data ? (
        <ErrorState error={servers.error} onRetry={servers.reload} />
      ) : items.length === 0 ? (
        <EmptyState title="No MCP servers to grant">
          <Link href="/servers" className="font-medium text-indigo-600 hover:text-indigo-500">
            Register an MCP server
          </Link>{' '}
          first.
        </EmptyState>
      ) : (
        <Table label="Grants">
          <thead className="bg-slate-50">
            <tr>
              <Th>Server</Th>
              <Th>Tools</Th>
              <Th>Resources</Th>
              <Th>Prompts</Th>
              {canManage && <Th className="text-right">Save</Th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((s) => {
              const grant = agent.grants.find((g) => g.serverId === s.id);
              // Keyed by the saved grant: after a save the row starts again from what the API holds.
              return (
                <GrantRow
                  key={`${s.id}:${JSON.stringify(grant ?? null)}`}
                  agentId={agent.id}
                  server={s}
                  grant={grant}
                  canManage={canManage}
                  onSaved={onSaved}
                />
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

'use client';
import Link from 'next/link';
import { auditRoutes } from '@portcullis/sdk';
import { actorLabel, callDetails, outcomeTone, targetLabel } from '@/lib/audit-event';
import { auditHref } from '@/lib/audit-query';
import { formatDateTime, formatRelative } from '@/lib/format';
import { formatLatency } from '@/lib/stats-series';
import { useRoute } from '@/lib/use-resource';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';

/** The latest gateway calls of a server (counterpart: the agent that called) or of an agent
 * (counterpart: the server it called), each linking to its audit event. */
export function RecentCallsCard({
  owner,
  counterpart,
}: {
  owner: { kind: 'server' | 'agent'; id: string };
  counterpart: 'agent' | 'server';
}) {
  const route = owner.kind === 'server' ? auditRoutes.serverCalls : auditRoutes.agentCalls;
  const { data, error, loading, reload } = useRoute(route, { params: { id: owner.id } });
  const items = data?.items ?? [];
  const all = auditHref({ action: 'gateway.call', [owner.kind]: owner.id });
  return (
    <Card>
      <CardHeader
        title="Recent calls"
        description="Calls through the gateway, with their outcome."
        action={
          <div className="flex items-center gap-3">
            <button
              type="button"
              onClick={reload}
              className="text-sm font-medium text-slate-500 hover:text-slate-800"
            >
              Refresh
            </button>
            <Link href={all} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
              All calls in the audit trail →
            </Link>
          </div>
        }
      />
      <ResourceState resource={{ data, error, loading, reload }}>
        {items.length === 0 ? (
          <EmptyState title="No calls yet">Calls made through the gateway show here.</EmptyState>
        ) : (
          <Table label="Recent calls">
            <thead className="bg-slate-50">
              <tr>
                <Th>When</Th>
                <Th>{counterpart === 'agent' ? 'Agent' : 'Server'}</Th>
                <Th>Method</Th>
                <Th>Tool</Th>
                <Th>Outcome</Th>
                <Th className="text-right">Latency</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((e) => {
                const call = callDetails(e);
                return (
                  <tr key={e.id} data-testid="call-row">
                    <Td className="whitespace-nowrap">
                      <Link
                        href={`/audit/${e.id}`}
                        title={`${formatDateTime(e.time)} · event #${e.seq}`}
                        className="font-medium text-indigo-600 hover:text-indigo-500"
                      >
                        {formatRelative(e.time)}
                      </Link>
                    </Td>
                    <Td>{counterpart === 'agent' ? actorLabel(e) : (targetLabel(e) ?? '—')}</Td>
                    <Td className="font-mono text-xs">{call.method ?? '—'}</Td>
                    <Td className="font-mono text-xs">{call.tool ?? '—'}</Td>
                    <Td className="max-w-xs">
                      <Badge tone={outcomeTone(e.outcome)}>{e.outcome}</Badge>
                      {e.reason && (
                        <span className="ml-2 text-xs text-slate-500" title={e.reason}>
                          {e.reason}
                        </span>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap text-right text-slate-500">
                      {formatLatency(call.latencyMs)}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}

'use client';
import { formatDateTime, formatRelative } from '@/lib/format';
import type { RecentCall, RecentCallList } from '@/lib/types';
import { useResource } from '@/lib/use-resource';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingBlock } from '@/components/ui/spinner';
import { Table, Td, Th } from '@/components/ui/table';

const OUTCOME_TONES: Record<string, 'green' | 'red' | 'amber' | 'gray'> = {
  allowed: 'green',
  success: 'green',
  denied: 'red',
  error: 'amber',
};

const when = (c: RecentCall) => c.at ?? c.occurredAt ?? c.createdAt ?? null;
const nameOf = (v: RecentCall['agent'] | RecentCall['server']): string =>
  !v
    ? '—'
    : typeof v === 'string'
      ? v
      : ('name' in v && v.name) || ('slug' in v && v.slug) || ('clientId' in v && v.clientId) || '—';

/** The latest gateway calls for a server or an agent. Until the gateway serves this list its
 * endpoint answers 404, which is shown as "nothing yet" rather than as an error. */
export function RecentCallsCard({ path, counterpart }: { path: string; counterpart: 'agent' | 'server' }) {
  const { data, error, loading, reload } = useResource<RecentCallList>(path);
  const items = data?.items ?? [];
  const unavailable = error?.status === 404;
  return (
    <Card>
      <CardHeader title="Recent calls" description="Calls through the gateway, with their outcome." />
      {loading && !data ? (
        <LoadingBlock />
      ) : error && !data && !unavailable ? (
        <ErrorState error={error} onRetry={reload} />
      ) : items.length === 0 ? (
        <EmptyState title="No calls yet">
          {unavailable
            ? 'Calls made through the gateway will show here once call history is available.'
            : 'Calls made through the gateway show here.'}
        </EmptyState>
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
            {items.map((c) => (
              <tr key={c.id} data-testid="call-row">
                <Td className="whitespace-nowrap text-slate-500">
                  <span title={formatDateTime(when(c))}>{formatRelative(when(c))}</span>
                </Td>
                <Td>{nameOf(counterpart === 'agent' ? c.agent : c.server)}</Td>
                <Td className="font-mono text-xs">{c.method ?? '—'}</Td>
                <Td className="font-mono text-xs">{c.tool ?? '—'}</Td>
                <Td>
                  {c.outcome ? <Badge tone={OUTCOME_TONES[c.outcome] ?? 'gray'}>{c.outcome}</Badge> : '—'}
                  {c.reason && <span className="ml-2 text-xs text-slate-500">{c.reason}</span>}
                </Td>
                <Td className="whitespace-nowrap text-right text-slate-500">
                  {typeof c.latencyMs === 'number' ? `${c.latencyMs} ms` : '—'}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

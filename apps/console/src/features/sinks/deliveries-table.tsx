'use client';
import { useState } from 'react';
import { auditSinkRoutes, type AuditDeliveryStatus } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatTimestamp } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import { useRoute } from '@/lib/use-resource';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingBlock } from '@/components/ui/spinner';
import { Table, Td, Th } from '@/components/ui/table';
import { cx } from '@/components/ui/cx';

const redrive = (sinkId: string, deliveryId: string) =>
  call(auditSinkRoutes.redrive, { params: { id: sinkId, deliveryId } });
const TONES = { pending: 'amber', delivered: 'green', dead: 'red' } as const;
const FILTERS: { value: '' | AuditDeliveryStatus; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'dead', label: 'Dead letters' },
];

/** A sink's latest deliveries; dead letters can be sent again. */
export function DeliveriesTable({
  sinkId,
  sinkName,
  canManage,
}: {
  sinkId: string;
  sinkName: string;
  canManage: boolean;
}) {
  const [status, setStatus] = useState<'' | AuditDeliveryStatus>('');
  const deliveries = useRoute(auditSinkRoutes.deliveries, {
    params: { id: sinkId },
    query: { status: status || undefined },
  });
  const action = useAction(redrive);
  const items = deliveries.data?.items ?? [];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="radiogroup" aria-label={`Deliveries of ${sinkName}`} className="inline-flex gap-1">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              role="radio"
              aria-checked={status === f.value}
              onClick={() => setStatus(f.value)}
              className={cx(
                'rounded px-2 py-1 text-xs font-medium',
                status === f.value ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100',
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
        <Button
          variant="ghost"
          size="sm"
          onClick={deliveries.reload}
          loading={deliveries.loading && !!deliveries.data}
        >
          Refresh
        </Button>
      </div>
      {action.error && <p className="text-sm text-red-600">{action.error.detail}</p>}
      {deliveries.loading && !deliveries.data ? (
        <LoadingBlock />
      ) : deliveries.error && !deliveries.data ? (
        <ErrorState error={deliveries.error} onRetry={deliveries.reload} />
      ) : items.length === 0 ? (
        <EmptyState title={status === 'dead' ? 'No dead letters' : 'No deliveries yet'}>
          Deliveries start with the next audit event.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-md ring-1 ring-slate-200">
          <Table label={`Deliveries of ${sinkName}`}>
            <thead className="bg-slate-50">
              <tr>
                <Th>Created</Th>
                <Th>Status</Th>
                <Th>Content</Th>
                <Th>Attempts</Th>
                <Th>Last error</Th>
                {canManage && <Th className="text-right" />}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((d) => (
                <tr key={d.id} data-testid="delivery-row">
                  <Td className="whitespace-nowrap text-xs text-slate-500">{formatTimestamp(d.createdAt)}</Td>
                  <Td>
                    <Badge tone={TONES[d.status] ?? 'gray'}>{d.status}</Badge>
                    {d.deliveredAt && (
                      <div className="mt-0.5 text-[11px] text-slate-400">
                        {formatTimestamp(d.deliveredAt)}
                      </div>
                    )}
                  </Td>
                  <Td className="text-xs">
                    {d.events} {d.events === 1 ? 'event' : 'events'}
                    {d.checkpoint && ' + checkpoint'}
                  </Td>
                  <Td className="text-xs tabular-nums">{d.attempts}</Td>
                  <Td className="max-w-xs text-xs text-red-700">
                    {d.lastError ?? <span className="text-slate-400">—</span>}
                  </Td>
                  {canManage && (
                    <Td className="text-right">
                      {d.status === 'dead' && (
                        <Button
                          variant="secondary"
                          size="sm"
                          loading={action.pending}
                          onClick={async () => {
                            if ((await action.run(sinkId, d.id)).ok) deliveries.reload();
                          }}
                        >
                          Re-drive
                        </Button>
                      )}
                    </Td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}

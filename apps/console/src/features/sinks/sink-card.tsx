'use client';
import { useState } from 'react';
import { auditSinkRoutes, type AuditSinkView } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Toggle } from '@/components/ui/toggle';
import { DeliveriesTable } from './deliveries-table';

const setEnabled = (id: string, enabled: boolean) =>
  call(auditSinkRoutes.update, { params: { id }, body: { enabled } });
const remove = (id: string) => call(auditSinkRoutes.remove, { params: { id } });

/** One sink: where it sends, what, whether it is on, and its deliveries. */
export function SinkCard({
  sink,
  canManage,
  onChanged,
}: {
  sink: AuditSinkView;
  canManage: boolean;
  onChanged: () => void;
}) {
  const toggle = useAction(setEnabled);
  const deletion = useAction(remove);
  const [confirming, setConfirming] = useState(false);
  return (
    <Card>
      <div
        data-testid="sink"
        className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4"
      >
        <div className="min-w-0">
          <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
            {sink.name}
            <Badge tone={sink.kind === 'webhook' ? 'sky' : 'gray'}>
              {sink.kind === 'webhook' ? 'Webhook' : 'JSON lines'}
            </Badge>
            {!sink.enabled && <Badge>Off</Badge>}
          </h2>
          {sink.url && <p className="mt-1 break-all font-mono text-xs text-slate-500">{sink.url}</p>}
          <p className="mt-1 text-xs text-slate-500">
            {sink.actions.length === 0
              ? 'Every event'
              : `${sink.actions.length} actions: ${sink.actions.join(', ')}`}
          </p>
          {(toggle.error ?? deletion.error) && (
            <p className="mt-1 text-xs text-red-600">{(toggle.error ?? deletion.error)!.detail}</p>
          )}
        </div>
        {canManage && (
          <div className="flex items-center gap-3">
            <Toggle
              checked={sink.enabled}
              disabled={toggle.pending}
              label={`Enable ${sink.name}`}
              onChange={async (enabled) => {
                if ((await toggle.run(sink.id, enabled)).ok) onChanged();
              }}
            />
            <Button variant="danger-ghost" size="sm" onClick={() => setConfirming(true)}>
              Delete
            </Button>
          </div>
        )}
      </div>
      <CardBody>
        <DeliveriesTable sinkId={sink.id} sinkName={sink.name} canManage={canManage} />
      </CardBody>
      {confirming && (
        <ConfirmDialog
          title={`Delete the sink ${sink.name}?`}
          confirmLabel="Delete sink"
          pending={deletion.pending}
          error={deletion.error}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            if ((await deletion.run(sink.id)).ok) {
              setConfirming(false);
              onChanged();
            }
          }}
        >
          Its pending deliveries and dead letters are deleted with it. The audit trail itself is not touched.
        </ConfirmDialog>
      )}
    </Card>
  );
}

'use client';
import { useState } from 'react';
import { api, type ApiError } from '@/lib/api';
import { apiParams, type AuditFilters } from '@/lib/audit-query';
import type { AuditVerifyResult } from '@/lib/types';
import { useAction } from '@/lib/use-action';
import { Button, buttonClass } from '@/components/ui/button';

const verify = () => api.post<AuditVerifyResult>('/api/v1/audit/verify');
const checkpoint = () => api.post<{ created: boolean }>('/api/v1/audit/checkpoints');

/** Export (NDJSON: the whole verifiable trail; CSV: the filtered events), verify, checkpoint. */
export function AuditToolbar({
  filters,
  canCheckpoint,
  onVerified,
  onCheckpoint,
}: {
  filters: AuditFilters;
  canCheckpoint: boolean;
  onVerified: (r: AuditVerifyResult | ApiError) => void;
  onCheckpoint: (message: string) => void;
}) {
  const verifying = useAction(verify);
  const signing = useAction(checkpoint);
  // Resolved when the link is rendered; a preset range is "up to now" at that moment.
  const [csvNow, setCsvNow] = useState(() => new Date());
  const csv = apiParams(filters, csvNow);
  csv.set('format', 'csv');
  return (
    <div className="flex flex-wrap items-center gap-2">
      <a
        href="/api/v1/audit/export?format=ndjson"
        download
        className={buttonClass('secondary')}
        title="The whole trail with its signed checkpoints: verifiable offline (pnpm audit:verify FILE)."
      >
        Export NDJSON
      </a>
      <a
        href={`/api/v1/audit/export?${csv.toString()}`}
        download
        onMouseDown={() => setCsvNow(new Date())}
        className={buttonClass('secondary')}
        title="The events matching the filters, as a spreadsheet."
      >
        Export CSV
      </a>
      {canCheckpoint && (
        <Button
          variant="secondary"
          loading={signing.pending}
          onClick={async () => {
            const r = await signing.run();
            onCheckpoint(
              r.ok
                ? r.value.created
                  ? 'Checkpoint signed at the current head.'
                  : 'No new events since the last checkpoint.'
                : r.error.detail,
            );
          }}
        >
          Sign checkpoint
        </Button>
      )}
      <Button
        loading={verifying.pending}
        onClick={async () => {
          const r = await verifying.run();
          onVerified(r.ok ? r.value : r.error);
        }}
      >
        Verify chain
      </Button>
    </div>
  );
}

'use client';
import { useRef, useState } from 'react';
import { auditRoutes, urlOf } from '@portcullis/sdk';
import { call, type ApiError } from '@/lib/api';
import { apiQuery, type AuditFilters } from '@/lib/audit-query';
import { downloadWithProgress } from '@/lib/export-download';
import { JobCancelledError, useLongWork } from '@/lib/long-work';
import type { AuditVerifyResult, JobProgress } from '@portcullis/sdk';
import { useAction } from '@/lib/use-action';
import { Button, buttonClass } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';

const verify = () => call(auditRoutes.verify, {});
const checkpoint = () => call(auditRoutes.checkpoint, {});

/** Export (NDJSON: the whole verifiable trail; CSV: the filtered events), verify, checkpoint. */
export function AuditToolbar({
  filters,
  canCheckpoint,
  onVerified,
  onNotice,
}: {
  filters: AuditFilters;
  canCheckpoint: boolean;
  onVerified: (r: AuditVerifyResult | ApiError) => void;
  onNotice: (message: string) => void;
}) {
  const verifying = useLongWork(verify);
  const signing = useAction(checkpoint);
  const exporting = useExport(onNotice);
  // Resolved when the link is rendered; a preset range is "up to now" at that moment.
  const [csvNow, setCsvNow] = useState(() => new Date());
  const csv = urlOf(auditRoutes.export, { query: { ...apiQuery(filters, csvNow), format: 'csv' } });
  return (
    <div className="flex flex-wrap items-center gap-2">
      {exporting.progress ? (
        <Work
          testId="export-progress"
          progress={exporting.progress}
          onCancel={exporting.cancel}
          cancelLabel="Cancel export"
        />
      ) : (
        <Button
          variant="secondary"
          onClick={exporting.start}
          title="The whole trail with its signed checkpoints: verifiable offline (pnpm audit:verify FILE)."
        >
          Export NDJSON
        </Button>
      )}
      <a
        href={csv}
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
            onNotice(
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
      {verifying.progress ? (
        <Work
          testId="verify-progress"
          progress={verifying.progress}
          onCancel={verifying.cancel}
          cancelling={verifying.cancelling}
          cancelLabel="Cancel verification"
        />
      ) : (
        <Button
          loading={verifying.pending}
          onClick={async () => {
            const r = await verifying.run();
            if (r.ok) onVerified(r.value);
            else if (r.error instanceof JobCancelledError) onNotice('Verification cancelled.');
            else onVerified(r.error);
          }}
        >
          Verify chain
        </Button>
      )}
    </div>
  );
}

/** A long piece of work under way: its progress and a way to stop it. */
function Work({
  testId,
  progress,
  onCancel,
  cancelling,
  cancelLabel,
}: {
  testId: string;
  progress: JobProgress;
  onCancel: () => void;
  cancelling?: boolean;
  cancelLabel: string;
}) {
  return (
    <div className="flex items-center gap-3">
      <ProgressBar testId={testId} done={progress.done} total={progress.total} unit="events" />
      <Button variant="ghost" size="sm" loading={cancelling} onClick={onCancel}>
        {cancelLabel}
      </Button>
    </div>
  );
}

/** The NDJSON export, downloaded with its progress shown; cancelling aborts the download. */
function useExport(onMessage: (message: string) => void) {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const start = async () => {
    abort.current = new AbortController();
    try {
      await downloadWithProgress(
        urlOf(auditRoutes.export, { query: { format: 'ndjson' } }),
        'audit.ndjson',
        setProgress,
        abort.current.signal,
      );
    } catch (e) {
      onMessage(
        abort.current.signal.aborted ? 'Export cancelled.' : `Export failed: ${(e as Error).message}`,
      );
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };
  return { progress, start, cancel: () => abort.current?.abort() };
}

import { formatDateTime, formatRelative } from '@/lib/format';
import type { McpServer } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { Spinner } from '@/components/ui/spinner';

/** When the tools were last listed from the upstream, and why it failed if it did. */
export function SyncStatus({ server, compact }: { server: McpServer; compact?: boolean }) {
  const { lastSyncAt, lastSyncStatus, lastSyncError } = server;
  return (
    <div data-testid="sync-status" className="min-w-0 space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        {lastSyncStatus === 'pending' ? (
          <span className="inline-flex items-center gap-1.5 text-sm text-slate-500">
            <Spinner className="size-3.5" /> Syncing…
          </span>
        ) : lastSyncStatus === 'ok' ? (
          <Badge tone="green">Synced</Badge>
        ) : (
          <Badge tone="red">Sync failed</Badge>
        )}
        {lastSyncAt && (
          <span className="whitespace-nowrap text-xs text-slate-500" title={formatDateTime(lastSyncAt)}>
            {formatRelative(lastSyncAt)}
          </span>
        )}
      </div>
      {lastSyncStatus === 'error' && lastSyncError && (
        <p
          data-testid="sync-error"
          title={compact ? lastSyncError : undefined}
          className={
            compact ? 'max-w-xs truncate text-xs text-red-700' : 'break-words font-mono text-xs text-red-700'
          }
        >
          {lastSyncError}
        </p>
      )}
    </div>
  );
}

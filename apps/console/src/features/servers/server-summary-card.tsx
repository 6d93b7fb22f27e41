'use client';
import { serverRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatBytes, formatDateTime } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { McpServer } from '@/lib/types';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyableUrl } from '@/components/ui/copyable-url';
import { DetailList } from '@/components/ui/detail-list';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { SyncStatus } from './sync-status';
import { ToolCounts } from './tool-counts';

const sync = (id: string) => call(serverRoutes.sync, { params: { id } });

function credential(server: McpServer): string {
  const { type, headerName, hint } = server.upstreamAuth;
  if (type === 'none') return 'None';
  return `${type === 'bearer' ? 'Bearer token' : `Header ${headerName ?? ''}`}${hint ? ` ${hint}` : ''}`;
}

export function ServerSummaryCard({
  server,
  canManage,
  syncRequested,
  onSyncQueued,
}: {
  server: McpServer;
  canManage: boolean;
  syncRequested: boolean;
  onSyncQueued: () => void;
}) {
  const action = useAction(sync);
  const busy = syncRequested || server.lastSyncStatus === 'pending';
  return (
    <Card>
      <CardHeader
        title="Server"
        action={
          canManage ? (
            <Button
              variant="secondary"
              loading={action.pending || busy}
              onClick={async () => {
                if ((await action.run(server.id)).ok) onSyncQueued();
              }}
            >
              {busy ? 'Syncing…' : 'Sync now'}
            </Button>
          ) : undefined
        }
      />
      <CardBody className="space-y-4">
        <ProblemBanner error={action.error} />
        <DetailList
          items={[
            {
              label: 'Gateway URL',
              wide: true,
              value: <CopyableUrl url={server.gatewayUrl} label="Copy gateway URL" testId="gateway-url" />,
            },
            {
              label: 'Upstream URL',
              wide: true,
              value: <span className="break-all font-mono text-xs">{server.upstreamUrl}</span>,
            },
            { label: 'Upstream credential', value: credential(server) },
            { label: 'Tools', value: <ToolCounts counts={server.toolCounts} /> },
            { label: 'Last sync', value: <SyncStatus server={server} /> },
            {
              label: 'New and changed tools',
              value: server.autoApproveTools ? 'Approved automatically' : 'Quarantined for review',
            },
            {
              label: 'May send to agents',
              value: server.serverMessages.length ? server.serverMessages.join(', ') : 'Answers only',
            },
            {
              label: 'Largest answer',
              value: server.maxResponseBytes === null ? 'Default' : formatBytes(server.maxResponseBytes),
            },
            { label: 'Tags', value: server.tags.length ? server.tags.join(', ') : '—' },
            { label: 'Registered', value: formatDateTime(server.createdAt) },
          ]}
        />
      </CardBody>
    </Card>
  );
}

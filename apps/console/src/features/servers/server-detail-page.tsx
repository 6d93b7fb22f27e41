'use client';
import { serverRoutes } from '@portcullis/sdk';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { can } from '@/lib/permissions';
import { useInterval } from '@/lib/use-interval';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import { StatusBadge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { LoadingBlock } from '@/components/ui/spinner';
import { RecentCallsCard } from '../calls/recent-calls-card';
import { ConnectSnippets } from '../connect/connect-panel';
import { PeopleAccessCard } from './people-access-card';
import { QuarantineCard } from './quarantine-card';
import { ServerActions } from './server-actions';
import { ServerSummaryCard } from './server-summary-card';
import { ToolsCard } from './tools-card';

const SYNC_WAIT_MS = 60_000;

export function ServerDetailPage({ id }: { id: string }) {
  const router = useRouter();
  const { tenant } = useSession();
  const canManage = can(tenant?.role, serverRoutes.update);
  const server = useRoute(serverRoutes.get, { params: { id } });
  const tools = useRoute(serverRoutes.tools, { params: { id } });
  // "Sync now" only queues a job: follow the server until its lastSyncAt moves (or give up).
  const [syncSince, setSyncSince] = useState<{ lastSyncAt: string | null; until: number }>();
  const s = server.data;
  const following = !!syncSince || s?.lastSyncStatus === 'pending';
  useInterval(server.reload, following ? 1500 : null);

  const seenSyncAt = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!s) return;
    if (seenSyncAt.current !== undefined && seenSyncAt.current !== s.lastSyncAt) tools.reload();
    seenSyncAt.current = s.lastSyncAt;
    if (syncSince && (s.lastSyncAt !== syncSince.lastSyncAt || Date.now() > syncSince.until))
      setSyncSince(undefined);
  }, [s, syncSince, tools]);

  if (server.loading && !s) return <LoadingBlock />;
  if (server.error && !s) {
    return server.error.status === 404 ? (
      <Card>
        <EmptyState title="Server not found">
          It may have been deleted.{' '}
          <Link href="/servers" className="font-medium text-indigo-600 hover:text-indigo-500">
            Back to MCP servers
          </Link>
        </EmptyState>
      </Card>
    ) : (
      <Card>
        <ErrorState error={server.error} onRetry={server.reload} />
      </Card>
    );
  }
  if (!s) return null;
  const reloadAll = () => {
    server.reload();
    tools.reload();
  };

  return (
    <>
      <Link href="/servers" className="text-sm font-medium text-slate-500 hover:text-slate-800">
        ← MCP servers
      </Link>
      <PageHeader
        title={s.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <code className="font-mono">{s.slug}</code>
            <StatusBadge status={s.status} />
          </span>
        }
        action={
          canManage ? (
            <ServerActions
              server={s}
              size="md"
              onChanged={reloadAll}
              onDeleted={() => router.push('/servers')}
            />
          ) : undefined
        }
      />
      {!canManage && (
        <ReadOnlyNotice>
          You are an auditor here: you can see this server and review its tools, but not change them.
        </ReadOnlyNotice>
      )}
      <div className="space-y-6">
        <ServerSummaryCard
          server={s}
          canManage={canManage}
          syncRequested={!!syncSince}
          onSyncQueued={() => setSyncSince({ lastSyncAt: s.lastSyncAt, until: Date.now() + SYNC_WAIT_MS })}
        />
        <QuarantineCard
          serverId={s.id}
          tools={tools.data?.items ?? []}
          canManage={canManage}
          onReviewed={reloadAll}
        />
        <ToolsCard serverId={s.id} resource={tools} canManage={canManage} syncing={following} />
        <PeopleAccessCard
          serverId={s.id}
          target={{ gatewayUrl: s.gatewayUrl, serverSlug: s.slug }}
          tools={tools}
          canManage={canManage}
        />
        <Card>
          <CardHeader
            title="Connect"
            description="How an agent with a grant on this server gets a token and calls it through the gateway."
          />
          <CardBody>
            <ConnectSnippets target={{ gatewayUrl: s.gatewayUrl, serverSlug: s.slug }} />
          </CardBody>
        </Card>
        <RecentCallsCard owner={{ kind: 'server', id: s.id }} counterpart="agent" />
      </div>
    </>
  );
}

'use client';
import { agentRoutes, serverRoutes } from '@portcullis/sdk';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { can } from '@/lib/permissions';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import { Banner } from '@/components/ui/banner';
import { StatusBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { LoadingBlock } from '@/components/ui/spinner';
import { RecentCallsCard } from '../calls/recent-calls-card';
import { AgentActions } from './agent-actions';
import { AgentConnectCard } from './agent-connect-card';
import { AgentSummaryCard } from './agent-summary-card';
import { ApiKeysCard } from './api-keys-card';
import { GrantsCard } from './grants-card';
import { PublicKeysCard } from './public-keys-card';
import { SecretsCard } from './secrets-card';

export function AgentDetailPage({ id }: { id: string }) {
  const router = useRouter();
  const { tenant } = useSession();
  const canManage = can(tenant?.role, agentRoutes.update);
  const agent = useRoute(agentRoutes.get, { params: { id } });
  const servers = useRoute(serverRoutes.list, {});
  const a = agent.data;

  if (agent.loading && !a) return <LoadingBlock />;
  if (agent.error && !a) {
    return (
      <Card>
        {agent.error.status === 404 ? (
          <EmptyState title="Agent not found">
            It may have been deleted.{' '}
            <Link href="/agents" className="font-medium text-indigo-600 hover:text-indigo-500">
              Back to agents
            </Link>
          </EmptyState>
        ) : (
          <ErrorState error={agent.error} onRetry={agent.reload} />
        )}
      </Card>
    );
  }
  if (!a) return null;

  return (
    <>
      <Link href="/agents" className="text-sm font-medium text-slate-500 hover:text-slate-800">
        ← Agents
      </Link>
      <PageHeader
        title={a.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {a.description && <span>{a.description}</span>}
            <StatusBadge status={a.status} />
          </span>
        }
        action={
          canManage ? (
            <AgentActions agent={a} onChanged={agent.reload} onDeleted={() => router.push('/agents')} />
          ) : undefined
        }
      />
      {!canManage && (
        <ReadOnlyNotice>
          You are an auditor here: you can see this agent, its grants and credentials, but not change them.
        </ReadOnlyNotice>
      )}
      {a.status === 'disabled' && (
        <Banner tone="warning" title="This agent is disabled" className="mb-6">
          The token endpoint and the gateway refuse it, whatever its credentials. Enable it to let it back in.
        </Banner>
      )}
      <div className="space-y-6">
        <AgentSummaryCard agent={a} canManage={canManage} onSaved={agent.reload} />
        <GrantsCard agent={a} servers={servers} canManage={canManage} onSaved={agent.reload} />
        <SecretsCard agentId={a.id} canManage={canManage} />
        <PublicKeysCard
          agentId={a.id}
          canManage={canManage}
          enabled={a.authMethods.includes('private_key_jwt')}
        />
        <ApiKeysCard agent={a} canManage={canManage} />
        <AgentConnectCard agent={a} servers={servers.data?.items ?? []} />
        <RecentCallsCard owner={{ kind: 'agent', id: a.id }} counterpart="server" />
      </div>
    </>
  );
}

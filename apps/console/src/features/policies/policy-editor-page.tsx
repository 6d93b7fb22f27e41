'use client';
import { agentRoutes, policyRoutes, serverRoutes } from '@portcullis/sdk';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { can } from '@/lib/permissions';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { LoadingBlock } from '@/components/ui/spinner';
import { ModeBadge } from './mode-badge';
import { PolicyEditor } from './policy-editor';
import { kindLabel } from './policy-kinds';

/** New policy (no id) or an existing one: the form, its plain-words preview, and "try it". */
export function PolicyEditorPage({ id }: { id?: string }) {
  const router = useRouter();
  const { tenant } = useSession();
  const canManage = can(tenant?.role, id ? policyRoutes.update : policyRoutes.create);
  const policy = useRoute(policyRoutes.get, id ? { params: { id } } : null);
  const servers = useRoute(serverRoutes.list, {});
  const agents = useRoute(agentRoutes.list, {});
  const directory = { servers: servers.data?.items ?? [], agents: agents.data?.items ?? [] };
  const p = policy.data;

  const back = (
    <Link href="/policies" className="text-sm font-medium text-slate-500 hover:text-slate-800">
      ← Policies
    </Link>
  );
  if (id && policy.loading && !p) return <LoadingBlock />;
  if (id && policy.error && !p) {
    return (
      <>
        {back}
        <Card>
          {policy.error.status === 404 ? (
            <EmptyState title="Policy not found">It may have been deleted.</EmptyState>
          ) : (
            <ErrorState error={policy.error} onRetry={policy.reload} />
          )}
        </Card>
      </>
    );
  }
  return (
    <>
      {back}
      <PageHeader
        title={p ? p.name : 'New policy'}
        description={
          p ? (
            <span className="inline-flex flex-wrap items-center gap-2">
              {kindLabel(p.kind)} <ModeBadge mode={p.mode} />{' '}
              {!p.enabled && <span className="text-slate-400">Off</span>}
            </span>
          ) : (
            'Choose a kind, say which calls it covers, and try it on a call or on past traffic before saving.'
          )
        }
      />
      {!canManage && (
        <ReadOnlyNotice>
          You are an auditor here: you can read this policy and try it, but not change it.
        </ReadOnlyNotice>
      )}
      {/* Keyed by the loaded policy: its form starts from what is stored. */}
      <PolicyEditor
        key={p?.updatedAt ?? 'new'}
        policy={p}
        canManage={canManage}
        directory={directory}
        onDone={() => router.push('/policies')}
      />
    </>
  );
}

'use client';
import { agentRoutes, policyRoutes, serverRoutes } from '@portcullis/sdk';
import Link from 'next/link';
import { can } from '@/lib/permissions';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { LoadingBlock } from '@/components/ui/spinner';
import { PoliciesNav } from './policies-nav';
import { PolicyGroup } from './policy-group';
import { KINDS } from './policy-kinds';

export function PoliciesPage() {
  const { tenant } = useSession();
  const canManage = can(tenant?.role, policyRoutes.create);
  const policies = useRoute(policyRoutes.list, {});
  const servers = useRoute(serverRoutes.list, {});
  const agents = useRoute(agentRoutes.list, {});
  const directory = { servers: servers.data?.items ?? [], agents: agents.data?.items ?? [] };
  const items = policies.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Policies"
        description="How often, from where, when, and what content may flow. Deny wins; monitor mode only records."
        action={
          canManage ? (
            <Link href="/policies/new" className={buttonClass('primary')}>
              New policy
            </Link>
          ) : undefined
        }
      />
      <PoliciesNav />
      {!canManage && (
        <ReadOnlyNotice>
          You are an auditor here: you can see the policies and try the simulator, but not change them.
        </ReadOnlyNotice>
      )}
      {policies.loading && !policies.data ? (
        <Card>
          <LoadingBlock />
        </Card>
      ) : policies.error && !policies.data ? (
        <Card>
          <ErrorState error={policies.error} onRetry={policies.reload} />
        </Card>
      ) : items.length === 0 ? (
        <Card>
          <EmptyState title="No policies yet">
            {canManage
              ? 'Without policies, every call a grant allows goes through. Add a rate limit or a guardrail to start.'
              : 'Owners and admins define the policies.'}
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          {KINDS.filter((k) => items.some((p) => p.kind === k.value)).map((k) => (
            <PolicyGroup
              key={k.value}
              kind={k.value}
              policies={items.filter((p) => p.kind === k.value)}
              directory={directory}
              canManage={canManage}
              onChanged={policies.reload}
            />
          ))}
        </div>
      )}
    </>
  );
}

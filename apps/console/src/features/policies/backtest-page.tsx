'use client';
import { agentRoutes, policyRoutes, serverRoutes } from '@portcullis/sdk';
import Link from 'next/link';
import { useState } from 'react';
import { useRoute } from '@/lib/use-resource';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { SelectField } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingBlock } from '@/components/ui/spinner';
import { BacktestPanel } from './backtest-panel';
import { PoliciesNav } from './policies-nav';
import { withNames } from './names';
import { draftFromPolicy } from './policy-form-model';

/** Back-test a stored policy (typically one still switched off) over past calls. A new policy
 * is back-tested from its form, before it is saved. */
export function BacktestPage() {
  const policies = useRoute(policyRoutes.list, {});
  const servers = useRoute(serverRoutes.list, {});
  const agents = useRoute(agentRoutes.list, {});
  const items = [...(policies.data?.items ?? [])].sort((a, b) => Number(a.enabled) - Number(b.enabled));
  const [chosen, setChosen] = useState('');
  const policy = items.find((p) => p.id === chosen) ?? items[0];
  const directory = { servers: servers.data?.items ?? [], agents: agents.data?.items ?? [] };

  return (
    <>
      <PageHeader
        title="Policies"
        description="Back-test: what a policy would have done to the calls already recorded."
      />
      <PoliciesNav />
      <Card>
        <CardHeader
          title="Back-test a policy"
          description={
            <>
              Evaluated as if it were on, over the recorded gateway calls of the period. To back-test a new
              one, use{' '}
              <Link href="/policies/new" className="font-medium text-indigo-600 hover:text-indigo-500">
                New policy
              </Link>{' '}
              → Try it.
            </>
          }
        />
        <CardBody>
          {policies.loading && !policies.data ? (
            <LoadingBlock />
          ) : policies.error && !policies.data ? (
            <ErrorState error={policies.error} onRetry={policies.reload} />
          ) : !policy ? (
            <EmptyState title="No policies to back-test">
              Create one (it can stay off) or try a draft from the New policy form.
            </EmptyState>
          ) : (
            <div className="space-y-6">
              <div className="max-w-md">
                <SelectField
                  label="Policy"
                  name="backtest-policy"
                  value={policy.id}
                  options={items.map((p) => ({
                    value: p.id,
                    label: `${p.name}${p.enabled ? '' : ' (off)'}`,
                  }))}
                  hint={withNames(directory, policy.description)}
                  onChange={(e) => setChosen(e.target.value)}
                />
              </div>
              <BacktestPanel key={policy.id} draft={draftFromPolicy(policy)} directory={directory} />
            </div>
          )}
        </CardBody>
      </Card>
    </>
  );
}

'use client';
import { agentRoutes, policyRoutes, serverRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { useRoute } from '@/lib/use-resource';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { SelectField } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingBlock } from '@/components/ui/spinner';
import { PoliciesNav } from './policies-nav';
import { draftFromPolicy } from './policy-form-model';
import { Simulator } from './simulator';

/** What would the gateway do with this call? Against the current policies, optionally with one
 * of them (say, a disabled one) added as a draft. */
export function SimulatorPage() {
  const servers = useRoute(serverRoutes.list, {});
  const agents = useRoute(agentRoutes.list, {});
  const policies = useRoute(policyRoutes.list, {});
  const [draftId, setDraftId] = useState('');
  const draftPolicy = policies.data?.items.find((p) => p.id === draftId);
  const ready = servers.data && agents.data;
  const directory = { servers: servers.data?.items ?? [], agents: agents.data?.items ?? [] };

  return (
    <>
      <PageHeader
        title="Policies"
        description="Simulate a call: nothing reaches a server and no counter moves."
      />
      <PoliciesNav />
      <Card>
        <CardHeader
          title="Simulate a call"
          description="The decision the gateway would make now, with the explanation of every policy that applies."
          action={
            <div className="w-72">
              <SelectField
                label="Add a policy as a draft"
                name="draft-policy"
                value={draftId}
                options={[
                  { value: '', label: 'None: the current policies only' },
                  ...(policies.data?.items ?? []).map((p) => ({
                    value: p.id,
                    label: `${p.name}${p.enabled ? '' : ' (off)'}`,
                  })),
                ]}
                onChange={(e) => setDraftId(e.target.value)}
              />
            </div>
          }
        />
        <CardBody>
          {!ready ? (
            servers.loading || agents.loading ? (
              <LoadingBlock />
            ) : (
              <EmptyState title="Could not load agents and servers">
                {(servers.error ?? agents.error)?.detail}
              </EmptyState>
            )
          ) : directory.agents.length === 0 || directory.servers.length === 0 ? (
            <EmptyState title="Nothing to simulate yet">
              A call needs an agent and a server: create them first.
            </EmptyState>
          ) : (
            <Simulator
              key={draftId}
              directory={directory}
              draft={draftPolicy ? draftFromPolicy(draftPolicy) : undefined}
              draftLabel={draftPolicy ? `"${draftPolicy.name}"` : undefined}
            />
          )}
        </CardBody>
      </Card>
    </>
  );
}

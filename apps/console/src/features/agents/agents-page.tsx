'use client';
import { agentRoutes } from '@portcullis/sdk';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { can } from '@/lib/permissions';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';

import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { AgentsCard } from './agents-card';
import { CreateAgentForm } from './create-agent-form';

export function AgentsPage() {
  const router = useRouter();
  const { tenant } = useSession();
  const canManage = can(tenant?.role, agentRoutes.create);
  const agents = useRoute(agentRoutes.list, {});
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Agents"
        description="The machines that call your MCP servers. Each one is an OAuth client with its own credentials and grants."
        action={
          canManage && !creating ? <Button onClick={() => setCreating(true)}>Create agent</Button> : undefined
        }
      />
      {!canManage && (
        <ReadOnlyNotice>
          You are an auditor here: you can see the agents, their grants and credentials, but not change them.
        </ReadOnlyNotice>
      )}
      <div className="space-y-6">
        {creating && (
          <CreateAgentForm
            onCancel={() => setCreating(false)}
            onCreated={(a) => router.push(`/agents/${a.id}`)}
          />
        )}
        <AgentsCard resource={agents} canManage={canManage} />
      </div>
    </>
  );
}

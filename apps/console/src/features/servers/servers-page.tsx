'use client';
import { serverRoutes } from '@portcullis/sdk';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { can } from '@/lib/permissions';
import { useInterval } from '@/lib/use-interval';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { RegisterServerCard } from './register-server-card';
import { ServersCard } from './servers-card';

export function ServersPage() {
  const router = useRouter();
  const { tenant } = useSession();
  const canManage = can(tenant?.role, serverRoutes.create);
  const servers = useRoute(serverRoutes.list, {});
  const [registering, setRegistering] = useState(false);
  // A first sync runs in the background right after registration: follow it until it ends.
  const syncing = servers.data?.items.some((s) => s.lastSyncStatus === 'pending') ?? false;
  useInterval(servers.reload, syncing ? 2000 : null);

  return (
    <>
      <PageHeader
        title="MCP servers"
        description="The MCP servers agents may reach. Agents call each one through its gateway URL, which checks every call."
        action={
          canManage && !registering ? (
            <Button onClick={() => setRegistering(true)}>Register server</Button>
          ) : undefined
        }
      />
      {!canManage && (
        <ReadOnlyNotice>
          You are an auditor here: you can see the servers and their tools, but not change them.
        </ReadOnlyNotice>
      )}
      <div className="space-y-6">
        {registering && (
          <RegisterServerCard
            onCancel={() => setRegistering(false)}
            onCreated={(s) => router.push(`/servers/${s.id}`)}
          />
        )}
        <ServersCard resource={servers} canManage={canManage} />
      </div>
    </>
  );
}

'use client';
import { useResource } from '@/lib/use-resource';
import type { Tenant } from '@/lib/types';
import { Card, CardHeader } from '@/components/ui/card';
import { ResourceState } from '@/components/ui/resource-state';
import { TenantForm } from './tenant-form';

export function TenantCard({ canManage }: { canManage: boolean }) {
  const { data, error, loading, reload } = useResource<Tenant>('/api/v1/tenant');
  return (
    <Card>
      <CardHeader
        title="Tenant"
        description={
          data ? (
            <>
              Slug <code className="font-mono">{data.slug}</code>
            </>
          ) : undefined
        }
      />
      <ResourceState resource={{ data, error, loading, reload }}>
        {data ? <TenantForm tenant={data} canManage={canManage} onSaved={reload} /> : null}
      </ResourceState>
    </Card>
  );
}

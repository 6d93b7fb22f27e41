'use client';
import { tenantRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';
import { Card, CardHeader } from '@/components/ui/card';
import { ResourceState } from '@/components/ui/resource-state';
import { TenantForm } from './tenant-form';

export function TenantCard({ canManage }: { canManage: boolean }) {
  const { data, error, loading, reload } = useRoute(tenantRoutes.get, {});
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

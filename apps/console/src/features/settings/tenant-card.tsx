'use client';
import { useResource } from '@/lib/use-resource';
import type { Tenant } from '@/lib/types';
import { Card, CardHeader } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingBlock } from '@/components/ui/spinner';
import { TenantForm } from './tenant-form';

export function TenantCard({ canManage }: { canManage: boolean }) {
  const { data, error, loading, reload } = useResource<Tenant>('/api/v1/tenant');
  return (
    <Card>
      <CardHeader title="Tenant" description={data ? <>Slug <code className="font-mono">{data.slug}</code></> : undefined} />
      {loading && !data ? (
        <LoadingBlock />
      ) : error && !data ? (
        <ErrorState error={error} onRetry={reload} />
      ) : data ? (
        <TenantForm tenant={data} canManage={canManage} onSaved={reload} />
      ) : null}
    </Card>
  );
}

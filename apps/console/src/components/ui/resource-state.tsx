import type { ReactNode } from 'react';
import type { Resource } from '@/lib/use-resource';
import { ErrorState } from './error-state';
import { LoadingBlock } from './spinner';

/**
 * What a card shows of a resource before it has data: a spinner while it loads, or the error
 * with a retry. Once it has data (or a reload after data fails), `children`.
 */
export function ResourceState({ resource, children }: { resource: Resource<unknown>; children: ReactNode }) {
  const { data, error, loading, reload } = resource;
  if (loading && !data) return <LoadingBlock />;
  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  return <>{children}</>;
}

'use client';
import { useCallback, useEffect, useState } from 'react';
import { urlOf, type Route, type RouteArgs, type RouteResponse } from '@portcullis/sdk';
import { apiFetch } from './api';
import { ApiError, networkError } from './problem';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs a route on mount (and when its arguments change, and on reload); `null` waits. Aborts
 * when the component goes away.
 */
export function useRoute<R extends Route>(route: R, args: RouteArgs<R> | null): Resource<RouteResponse<R>> {
  type T = RouteResponse<R>;
  const path =
    args === null
      ? null
      : urlOf(route, args as { params?: Record<string, string>; query?: Record<string, unknown> });
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    apiFetch<T>(path, { signal: controller.signal })
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiError ? e : networkError(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}

'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { auditRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { apiQuery, filtersToParams, type AuditFilters } from '@/lib/audit-query';
import { ApiError, networkError } from '@/lib/problem';
import type { AuditEventView } from '@/lib/types';
import { useInterval } from '@/lib/use-interval';

const PAGE = 50;
const TAIL = 100;
export const TAIL_INTERVAL_MS = 2000;

const toApiError = (e: unknown) => (e instanceof ApiError ? e : networkError(e));
const eventsPage = (f: AuditFilters, page: { cursor?: string; limit: number }, signal?: AbortSignal) =>
  call(auditRoutes.events, { query: apiQuery(f, new Date(), page) }, signal);

export interface AuditEvents {
  items: AuditEventView[];
  /** Ids that arrived through the live tail (highlighted for a moment). */
  fresh: ReadonlySet<string>;
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | undefined;
  /** A failed poll of the live tail (the list stays). */
  tailError: ApiError | undefined;
  loadMore: () => void;
  reload: () => void;
}

/** The explorer's list: the first page for the filters, more pages on demand (keyset on seq),
 * and with `live` on, newer events polled every 2 s and put on top. */
export function useAuditEvents(filters: AuditFilters, live: boolean): AuditEvents {
  const key = filtersToParams(filters).toString();
  const [items, setItems] = useState<AuditEventView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [tailError, setTailError] = useState<ApiError>();
  const [version, setVersion] = useState(0);
  const filtersRef = useRef(filters);
  const itemsRef = useRef(items);
  const polling = useRef(false);
  useEffect(() => {
    filtersRef.current = filters;
    itemsRef.current = items;
  });

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    eventsPage(filtersRef.current, { limit: PAGE }, controller.signal)
      .then((page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
        setFresh(new Set());
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(toApiError(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [key, version]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    setLoadingMore(true);
    eventsPage(filtersRef.current, { cursor, limit: PAGE })
      .then((page) => {
        setItems((current) => {
          const seen = new Set(current.map((e) => e.id));
          return [...current, ...page.items.filter((e) => !seen.has(e.id))];
        });
        setCursor(page.nextCursor);
        setError(undefined);
      })
      .catch((e: unknown) => setError(toApiError(e)))
      .finally(() => setLoadingMore(false));
  }, [cursor]);

  const poll = useCallback(() => {
    if (polling.current) return;
    polling.current = true;
    const requestedFor = key;
    eventsPage(filtersRef.current, { limit: TAIL })
      .then((page) => {
        if (requestedFor !== filtersToParams(filtersRef.current).toString()) return;
        const top = itemsRef.current[0]?.seq ?? 0;
        const newer = page.items.filter((e) => e.seq > top);
        setTailError(undefined);
        if (newer.length === 0) return;
        if (newer.length === page.items.length && page.nextCursor) {
          // More arrived than one poll reads: start over from the newest page rather than leave a gap.
          setItems(page.items);
          setCursor(page.nextCursor);
        } else {
          setItems((current) => [...newer, ...current]);
        }
        setFresh(new Set(newer.map((e) => e.id)));
      })
      .catch((e: unknown) => setTailError(toApiError(e)))
      .finally(() => {
        polling.current = false;
      });
  }, [key]);
  useInterval(poll, live && !loading ? TAIL_INTERVAL_MS : null);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { items, fresh, hasMore: !!cursor, loading, loadingMore, error, tailError, loadMore, reload };
}

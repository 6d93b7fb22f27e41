'use client';
import { apiTokenRoutes, memberRoutes } from '@portcullis/sdk';
import { useMemo } from 'react';
import type { ActorNames } from '@/lib/audit-event';
import { useRoute } from '@/lib/use-resource';

/** Users and API tokens by id, so admin changes name who made them. */
export function useActorNames(): ActorNames {
  const members = useRoute(memberRoutes.list, {});
  const tokens = useRoute(apiTokenRoutes.list, {});
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const m of members.data?.items ?? []) names.set(m.userId, m.name || m.email);
    for (const t of tokens.data?.items ?? []) names.set(t.id, `API token ${t.name}`);
    return names;
  }, [members.data, tokens.data]);
}

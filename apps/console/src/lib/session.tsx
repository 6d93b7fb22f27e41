'use client';
// The signed-in user's session, loaded once by the console layout and shared with every page.
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call, setCsrfToken } from './api';
import type { SessionResponse, TenantSummary } from '@portcullis/sdk';

export interface SessionState {
  session: SessionResponse;
  tenant: TenantSummary | null;
  /** Re-reads GET /auth/session (after a change the server made to it). */
  refresh: () => Promise<void>;
  /** Adopts a SessionResponse returned by a mutation (switch tenant, create tenant...). */
  replace: (next: SessionResponse) => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function fetchSession(signal?: AbortSignal): Promise<SessionResponse> {
  return call(authRoutes.session, {}, signal);
}

export function SessionProvider({
  initial,
  children,
}: {
  initial: SessionResponse;
  children: React.ReactNode;
}) {
  const [session, setSession] = useState(initial);

  const replace = useCallback((next: SessionResponse) => {
    setCsrfToken(next.csrfToken);
    setSession(next);
  }, []);
  const refresh = useCallback(async () => replace(await fetchSession()), [replace]);

  const value = useMemo(
    () => ({ session, tenant: session.tenant, refresh, replace }),
    [session, refresh, replace],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}

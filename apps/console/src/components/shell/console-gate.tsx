'use client';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { setCsrfToken, UNAUTHENTICATED_EVENT } from '@/lib/api';
import { ApiError, networkError } from '@/lib/problem';
import { fetchSession, SessionProvider } from '@/lib/session';
import type { SessionResponse } from '@portcullis/sdk';
import { ErrorState } from '../ui/error-state';
import { LoadingBlock } from '../ui/spinner';
import { AppShell } from './app-shell';
import { SecondFactorNotice } from './second-factor-notice';

type State =
  { kind: 'loading' } | { kind: 'error'; error: ApiError } | { kind: 'ready'; session: SessionResponse };

/** Loads the session before anything else; no session means the sign-in page. */
export function ConsoleGate({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  const toSignIn = useCallback(() => {
    router.replace(pathname === '/' ? '/signin' : `/signin?next=${encodeURIComponent(pathname)}`);
  }, [router, pathname]);

  // A session can end while the console is open (expiry, revoked elsewhere): any 401 signs out here too.
  useEffect(() => {
    window.addEventListener(UNAUTHENTICATED_EVENT, toSignIn);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, toSignIn);
  }, [toSignIn]);

  useEffect(() => {
    const controller = new AbortController();
    fetchSession(controller.signal)
      .then((session) => {
        setCsrfToken(session.csrfToken);
        setState({ kind: 'ready', session });
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) return toSignIn();
        setState({ kind: 'error', error: e instanceof ApiError ? e : networkError(e) });
      });
    return () => controller.abort();
    // The session is loaded once per visit of the console, not on every navigation inside it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((a) => a + 1);
  }, []);

  if (state.kind === 'loading') {
    return (
      <div className="flex min-h-screen items-center justify-center">
        <LoadingBlock label="Loading your console…" />
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div className="flex min-h-screen items-center justify-center">
        <ErrorState error={state.error} onRetry={retry} />
      </div>
    );
  }
  // The tenant requires a second factor this session lacks: only the Security page is useful.
  const blocked = state.session.secondFactorRequired && pathname !== '/security';
  return (
    <SessionProvider initial={state.session}>
      <AppShell>{blocked ? <SecondFactorNotice /> : children}</AppShell>
    </SessionProvider>
  );
}

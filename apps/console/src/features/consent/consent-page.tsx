'use client';
// The consent page of an MCP host's authorization: the member signs in (sent to the sign-in
// page and back), sees who asks, where the answer goes, on which server and for what, and
// allows or denies. The API says where the browser goes next (the client's redirect URI).
import { peopleRoutes } from '@portcullis/sdk';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, setCsrfToken } from '@/lib/api';
import { ApiError, networkError } from '@/lib/problem';
import { fetchSession } from '@/lib/session';
import type { AuthorizationRequestView, SessionResponse } from '@portcullis/sdk';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingBlock } from '@/components/ui/spinner';
import { ConsentView } from './consent-view';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; error: ApiError }
  | { kind: 'ready'; request: AuthorizationRequestView; session: SessionResponse }
  | { kind: 'leaving'; message: string };

export function ConsentPage() {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [deciding, setDeciding] = useState<'allow' | 'deny' | null>(null);
  const [decisionError, setDecisionError] = useState<ApiError>();
  const autoSent = useRef(false);
  // From the router, not window.location: after sign-in this page is reached by a client-side navigation.
  const id = useSearchParams().get('request') ?? '';

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      try {
        const session = await fetchSession(controller.signal);
        setCsrfToken(session.csrfToken);
        const request = await call(peopleRoutes.authorization, { params: { id } }, controller.signal);
        setState({ kind: 'ready', request, session });
      } catch (e) {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) {
          router.replace(`/signin?next=${encodeURIComponent(`/authorize?request=${id}`)}`);
          return;
        }
        setState({ kind: 'error', error: e instanceof ApiError ? e : networkError(e) });
      }
    })();
    return () => controller.abort();
  }, [id, router]);

  const decide = useCallback(
    async (decision: 'allow' | 'deny', name: string) => {
      setDeciding(decision);
      setDecisionError(undefined);
      try {
        const { redirectTo } = await call(peopleRoutes.decide, { params: { id }, body: { decision } });
        setState({
          kind: 'leaving',
          message: decision === 'allow' ? `Returning to ${name}…` : `Telling ${name} you declined…`,
        });
        window.location.assign(redirectTo);
      } catch (e) {
        setDecisionError(e instanceof ApiError ? e : networkError(e));
        setDeciding(null);
      }
    },
    [id],
  );

  // Allowed before, and nothing more is asked: continue without asking again.
  useEffect(() => {
    if (state.kind === 'ready' && state.request.remembered && !autoSent.current) {
      autoSent.current = true;
      void decide('allow', state.request.client.name ?? 'the application');
    }
  }, [state, decide]);

  if (state.kind === 'loading') return <LoadingBlock label="Loading the request…" />;
  if (state.kind === 'error') return <ErrorState error={state.error} />;
  if (state.kind === 'leaving') {
    return (
      <p role="status" className="text-center text-sm text-slate-600">
        {state.message}
      </p>
    );
  }
  return (
    <ConsentView
      request={state.request}
      session={state.session}
      deciding={deciding}
      error={decisionError}
      onDecide={(d) => decide(d, state.request.client.name ?? 'the application')}
    />
  );
}

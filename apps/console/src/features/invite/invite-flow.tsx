'use client';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { ApiError, networkError } from '@/lib/problem';
import { fetchSession } from '@/lib/session';
import type { InvitationPreview, SessionResponse } from '@/lib/types';
import { Banner } from '@/components/ui/banner';
import { LoadingBlock } from '@/components/ui/spinner';
import { InviteSummary } from './invite-summary';
import { AcceptAsUser } from './accept-as-user';
import { AcceptNewAccount } from './accept-new-account';
import { SignInFirst } from './sign-in-first';
import { readInviteToken } from './invite-token';

type State =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'invalid'; error: ApiError }
  | { kind: 'ready'; token: string; preview: InvitationPreview; session: SessionResponse | null };

async function load(token: string): Promise<State> {
  try {
    const preview = await call(authRoutes.previewInvitation, { body: { token } });
    const session = await fetchSession().catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    });
    return { kind: 'ready', token, preview, session };
  } catch (e) {
    return { kind: 'invalid', error: e instanceof ApiError ? e : networkError(e) };
  }
}

export function InviteFlow() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const reload = useCallback(async () => {
    const token = readInviteToken();
    setState(token ? await load(token) : { kind: 'missing' });
  }, []);

  useEffect(() => {
    // Reading location.hash needs the browser, so this runs after the first render; a link
    // pasted into the same tab only changes the hash, so that is watched too.
    void reload();
    const onHashChange = () => {
      setState({ kind: 'loading' });
      void reload();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [reload]);

  if (state.kind === 'loading') return <LoadingBlock label="Checking your invitation…" />;
  if (state.kind === 'missing' || state.kind === 'invalid') {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">Invitation</h1>
        <Banner tone="error" className="mt-4" title="This invitation link cannot be used.">
          {state.kind === 'missing'
            ? 'The link is incomplete. Open the full link from your invitation, or ask the tenant owner for a new one.'
            : state.error.detail}
        </Banner>
        <p className="mt-6 text-center text-sm text-slate-500">
          <Link href="/signin" className="font-medium text-indigo-600 hover:text-indigo-500">
            Go to sign in
          </Link>
        </p>
      </>
    );
  }

  const { token, preview, session } = state;
  return (
    <>
      <InviteSummary preview={preview} />
      <div className="mt-6">
        {session ? (
          <AcceptAsUser token={token} preview={preview} session={session} onSignedOut={reload} />
        ) : preview.accountExists ? (
          <SignInFirst token={token} email={preview.email} />
        ) : (
          <AcceptNewAccount token={token} email={preview.email} />
        )}
      </div>
    </>
  );
}

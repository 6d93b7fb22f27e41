'use client';
import { startAuthentication } from '@simplewebauthn/browser';
import { api } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { SessionResponse } from '@/lib/types';
import { Button } from '@/components/ui/button';
import { ProblemBanner } from '@/components/ui/problem-banner';

async function signInWithPasskey(): Promise<SessionResponse> {
  const optionsJSON = await api.post<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/api/v1/auth/signin/passkey/options');
  const response = await startAuthentication({ optionsJSON });
  return api.post<SessionResponse>('/api/v1/auth/signin/passkey', { response });
}

/** The second step with a passkey: the browser asks the authenticator, the API checks its answer. */
export function PasskeySignInButton({ onSignedIn }: { onSignedIn: (s: SessionResponse) => void }) {
  const action = useAction(signInWithPasskey);
  return (
    <div className="space-y-2">
      <ProblemBanner error={action.error} />
      <Button
        className="w-full"
        loading={action.pending}
        onClick={async () => {
          const r = await action.run();
          if (r.ok) onSignedIn(r.value);
        }}
      >
        Use a passkey
      </Button>
    </div>
  );
}

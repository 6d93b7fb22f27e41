'use client';
import { startAuthentication } from '@simplewebauthn/browser';
import { secondFactorRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { SessionResponse } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { ProblemBanner } from '@/components/ui/problem-banner';

async function signInWithPasskey(): Promise<SessionResponse> {
  // @simplewebauthn/server's options, as the API answers them (the contract names only the challenge).
  const options = await call(secondFactorRoutes.passkeySignInOptions, {});
  const response = await startAuthentication({
    optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'],
  });
  // Spread into plain objects: the contract takes any fields beside those it checks.
  return call(secondFactorRoutes.passkeySignIn, {
    body: { response: { ...response, response: { ...response.response } } },
  });
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

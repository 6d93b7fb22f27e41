'use client';
import { useState } from 'react';
import { secondFactorRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { SessionResponse } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { PasskeySignInButton } from './passkey-sign-in-button';

type Method = 'totp' | 'recovery_code' | 'passkey';
const verify = (body: { code?: string; recoveryCode?: string }) => call(secondFactorRoutes.signIn, { body });

/** The second step of sign-in: the code from the authenticator app, a recovery code, or a passkey. */
export function SecondFactorForm({
  methods,
  onSignedIn,
}: {
  methods: Method[];
  onSignedIn: (s: SessionResponse) => void;
}) {
  const action = useAction(verify);
  const [useRecovery, setUseRecovery] = useState(false);
  const hasTotp = methods.includes('totp');

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('code')).trim();
    const result = await action.run(useRecovery ? { recoveryCode: value } : { code: value });
    if (result.ok) onSignedIn(result.value);
  }

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Second factor</h1>
      <p className="mt-1 text-sm text-slate-500">
        Your password was right. Prove it is you with your second factor.
      </p>
      <div className="mt-6 space-y-4">
        {methods.includes('passkey') && <PasskeySignInButton onSignedIn={onSignedIn} />}
        {hasTotp && (
          <form className="space-y-4" onSubmit={onSubmit} noValidate>
            <ProblemBanner error={action.error} />
            <TextField
              key={useRecovery ? 'recovery' : 'code'}
              label={useRecovery ? 'Recovery code' : 'Code from your authenticator app'}
              name="code"
              autoComplete="one-time-code"
              inputMode={useRecovery ? 'text' : 'numeric'}
              autoFocus
              required
              error={action.error?.fieldErrors?.code ?? action.error?.fieldErrors?.recoveryCode}
            />
            <Button type="submit" className="w-full" loading={action.pending}>
              Verify
            </Button>
            <button
              type="button"
              className="w-full text-center text-sm font-medium text-indigo-600 hover:text-indigo-500"
              onClick={() => setUseRecovery((r) => !r)}
            >
              {useRecovery ? 'Use the authenticator app instead' : 'Lost your device? Use a recovery code'}
            </button>
          </form>
        )}
      </div>
    </>
  );
}

'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { call, setCsrfToken } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { authRoutes, safeNextPath } from '@portcullis/sdk';
import type { SessionResponse, SignInRequest, SignInResult } from '@portcullis/sdk';
import { useState } from 'react';
import { SecondFactorForm } from './second-factor-form';
import { SsoSignIn } from './sso-sign-in';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { useRedirectIfSignedIn } from './use-redirect-if-signed-in';

const signIn = (body: SignInRequest) => call(authRoutes.signIn, { body });

export function SignInForm() {
  const router = useRouter();
  const action = useAction(signIn);
  const fe = action.error?.fieldErrors ?? {};
  const [methods, setMethods] = useState<SignInResult['methods']>();
  const params = useSearchParams();
  useRedirectIfSignedIn();

  function signedIn(session: SessionResponse) {
    setCsrfToken(session.csrfToken);
    router.replace(safeNextPath(new URLSearchParams(window.location.search).get('next')));
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const result = await action.run({
      email: String(form.get('email')),
      password: String(form.get('password')),
    });
    if (!result.ok) return;
    if (result.value.status === 'second_factor_required') return setMethods(result.value.methods ?? []);
    signedIn(result.value as SessionResponse);
  }

  if (methods) return <SecondFactorForm methods={methods} onSignedIn={signedIn} />;
  const next = safeNextPath(params.get('next'));
  const ssoError = params.get('sso_error');
  const ssoRequired = action.error?.code === 'sso_required';

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-500">Welcome back to your Portcullis console.</p>
      {ssoError && (
        <p
          role="alert"
          data-testid="sso-error"
          className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200"
        >
          {ssoError}
        </p>
      )}
      <form className="mt-6 space-y-4" onSubmit={onSubmit} noValidate>
        <ProblemBanner error={action.error} />
        <TextField label="E-mail" name="email" type="email" autoComplete="email" required error={fe.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fe.password}
        />
        <p className="-mt-2 text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-600 hover:text-indigo-500">
            Forgot your password?
          </Link>
        </p>
        <Button type="submit" className="w-full" loading={action.pending}>
          Sign in
        </Button>
      </form>
      <div className="mt-4">
        <SsoSignIn key={ssoRequired ? 'required' : 'optional'} next={next} prominent={ssoRequired} />
      </div>
      <p className="mt-6 text-center text-sm text-slate-500">
        New to Portcullis?{' '}
        <Link href="/signup" className="font-medium text-indigo-600 hover:text-indigo-500">
          Create an account
        </Link>
      </p>
    </>
  );
}

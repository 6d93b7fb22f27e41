'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { takeFragmentToken } from './fragment-token';

const reset = (token: string, password: string) =>
  call(authRoutes.resetPassword, { body: { token, password } });

/** The page the reset message links to; the token is in the fragment, read once. */
export function ResetPasswordForm() {
  const action = useAction(reset);
  const [token, setToken] = useState<string | null>();
  const [done, setDone] = useState(false);
  useEffect(() => setToken(takeFragmentToken()), []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get('password'));
    if ((await action.run(token!, password)).ok) setDone(true);
  }

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Choose a new password</h1>
      {done ? (
        <p role="status" className="mt-3 text-sm text-slate-600">
          Your password is changed and every session of your account has ended.{' '}
          <Link href="/signin" className="font-medium text-indigo-600 hover:text-indigo-500">
            Sign in
          </Link>{' '}
          with the new one.
        </p>
      ) : token === null ? (
        <p className="mt-3 text-sm text-red-700">
          This link is incomplete: open the whole link from the message, or{' '}
          <Link href="/forgot-password" className="font-medium text-indigo-600">
            ask for a new one
          </Link>
          .
        </p>
      ) : (
        <form className="mt-6 space-y-4" onSubmit={onSubmit} noValidate>
          <ProblemBanner error={action.error} />
          <TextField
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            error={action.error?.fieldErrors?.password}
            hint="At least 12 characters; not a common password."
          />
          <Button type="submit" className="w-full" loading={action.pending} disabled={!token}>
            Set the password
          </Button>
        </form>
      )}
    </>
  );
}

'use client';
import Link from 'next/link';
import { useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';

const forgot = (email: string) => call(authRoutes.forgotPassword, { body: { email } });

export function ForgotPasswordForm() {
  const action = useAction(forgot);
  const [sentTo, setSentTo] = useState<string>();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email'));
    if ((await action.run(email)).ok) setSentTo(email);
  }

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Forgot your password?</h1>
      {sentTo ? (
        <p role="status" className="mt-3 text-sm text-slate-600">
          If <span className="font-medium text-slate-900">{sentTo}</span> has an account, a link to choose a
          new password is on its way. It works once, for 30 minutes.
        </p>
      ) : (
        <form className="mt-6 space-y-4" onSubmit={onSubmit} noValidate>
          <p className="text-sm text-slate-500">
            Enter your e-mail address and we will send you a link to choose a new one.
          </p>
          <ProblemBanner error={action.error} />
          <TextField
            label="E-mail"
            name="email"
            type="email"
            autoComplete="email"
            required
            error={action.error?.fieldErrors?.email}
          />
          <Button type="submit" className="w-full" loading={action.pending}>
            Send the link
          </Button>
        </form>
      )}
      <p className="mt-6 text-center text-sm text-slate-500">
        <Link href="/signin" className="font-medium text-indigo-600 hover:text-indigo-500">
          Back to sign in
        </Link>
      </p>
    </>
  );
}

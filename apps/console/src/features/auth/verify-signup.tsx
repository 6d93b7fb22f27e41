'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call, setCsrfToken } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { Spinner } from '@/components/ui/spinner';
import { takeFragmentToken } from './fragment-token';

const verify = (token: string) => call(authRoutes.verifySignUp, { body: { token } });

/** The link from the sign-up message: creates the account, then opens the console. */
export function VerifySignUp() {
  const router = useRouter();
  const action = useAction(verify);
  const started = useRef(false);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = takeFragmentToken();
    if (!token) return setMissing(true);
    void action.run(token).then((r) => {
      if (!r.ok) return;
      setCsrfToken(r.value.csrfToken);
      router.replace('/');
    });
  }, [action, router]);

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Confirming your e-mail</h1>
      <div className="mt-6 space-y-4">
        {action.error || missing ? (
          <>
            {action.error ? (
              <ProblemBanner error={action.error} />
            ) : (
              <p className="text-sm text-red-700">
                This link is incomplete: open the whole link from the message.
              </p>
            )}
            <p className="text-sm text-slate-600">
              <Link href="/signup" className="font-medium text-indigo-600 hover:text-indigo-500">
                Sign up again
              </Link>{' '}
              to get a new link.
            </p>
          </>
        ) : (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Spinner /> Creating your account…
          </p>
        )}
      </div>
    </>
  );
}

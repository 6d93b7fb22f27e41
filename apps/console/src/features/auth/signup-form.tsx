'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call, setCsrfToken } from '@/lib/api';
import { slugify } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { SignUpRequest } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { useRedirectIfSignedIn } from './use-redirect-if-signed-in';

const signUp = (body: SignUpRequest) => call(authRoutes.signUp, { body });

export function SignUpForm() {
  const router = useRouter();
  const action = useAction(signUp);
  const fe = action.error?.fieldErrors ?? {};
  const [tenantName, setTenantName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [sentTo, setSentTo] = useState<string>();
  useRedirectIfSignedIn();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const result = await action.run({
      name: String(form.get('name')),
      email: String(form.get('email')),
      password: String(form.get('password')),
      tenantName,
      tenantSlug: slug,
    });
    if (!result.ok) return;
    if (result.value.status === 'verification_sent') return setSentTo(String(form.get('email')));
    setCsrfToken(result.value.csrfToken);
    router.replace('/');
  }

  if (sentTo) return <CheckYourMail email={sentTo} />;

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
      <p className="mt-1 text-sm text-slate-500">You will be the owner of a new tenant.</p>
      <form className="mt-6 space-y-4" onSubmit={onSubmit} noValidate>
        <ProblemBanner error={action.error} />
        <TextField label="Your name" name="name" autoComplete="name" required error={fe.name} />
        <TextField label="E-mail" name="email" type="email" autoComplete="email" required error={fe.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={fe.password}
          hint="At least 12 characters; not a common password."
        />
        <div className="border-t border-slate-200 pt-4">
          <p className="mb-3 text-sm font-medium text-slate-900">Your organisation</p>
          <div className="space-y-4">
            <TextField
              label="Tenant name"
              name="tenantName"
              required
              value={tenantName}
              error={fe.tenantName}
              placeholder="Acme Corp"
              onChange={(e) => {
                setTenantName(e.target.value);
                if (!slugEdited) setSlug(slugify(e.target.value));
              }}
            />
            <TextField
              label="Tenant slug"
              name="tenantSlug"
              required
              value={slug}
              error={fe.tenantSlug}
              hint="Lowercase letters, digits and hyphens; 3 to 40 characters."
              onChange={(e) => {
                setSlugEdited(true);
                setSlug(e.target.value);
              }}
            />
          </div>
        </div>
        <Button type="submit" className="w-full" loading={action.pending}>
          Create account
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-slate-500">
        Already have an account?{' '}
        <Link href="/signin" className="font-medium text-indigo-600 hover:text-indigo-500">
          Sign in
        </Link>
      </p>
    </>
  );
}

function CheckYourMail({ email }: { email: string }) {
  return (
    <div role="status">
      <h1 className="text-xl font-semibold text-slate-900">Check your e-mail</h1>
      <p className="mt-3 text-sm text-slate-600">
        We sent a message to <span className="font-medium text-slate-900">{email}</span>. Open the link in it
        within 24 hours to finish creating your account.
      </p>
      <p className="mt-3 text-sm text-slate-500">
        Nothing arrived? Check your spam folder, or sign up again to get a new link.
      </p>
      <p className="mt-6 text-center text-sm text-slate-500">
        <Link href="/signin" className="font-medium text-indigo-600 hover:text-indigo-500">
          Back to sign in
        </Link>
      </p>
    </div>
  );
}

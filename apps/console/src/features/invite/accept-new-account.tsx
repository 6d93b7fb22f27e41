'use client';
import { useRouter } from 'next/navigation';
import { authRoutes } from '@portcullis/sdk';
import { call, setCsrfToken } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { AcceptInvitationRequest } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { forgetInviteToken } from './invite-token';

const accept = (body: AcceptInvitationRequest) => call(authRoutes.acceptInvitation, { body });

/** No account yet for the invited address: create it and join in one step. */
export function AcceptNewAccount({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const action = useAction(accept);
  const fe = action.error?.fieldErrors ?? {};

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const result = await action.run({
      token,
      name: String(form.get('name')),
      password: String(form.get('password')),
    });
    if (!result.ok) return;
    setCsrfToken(result.value.csrfToken);
    forgetInviteToken();
    router.replace('/');
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit} noValidate>
      <p className="text-sm text-slate-600">Create your account to accept.</p>
      <ProblemBanner error={action.error} />
      <TextField label="E-mail" name="email" type="email" value={email} disabled readOnly />
      <TextField label="Your name" name="name" autoComplete="name" required error={fe.name} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={fe.password}
        hint="At least 12 characters; not a common password."
      />
      <Button type="submit" className="w-full" loading={action.pending}>
        Create account and join
      </Button>
    </form>
  );
}

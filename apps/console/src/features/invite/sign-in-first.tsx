'use client';
import { useRouter } from 'next/navigation';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { rememberInviteToken } from './invite-token';

/** The invitee already has an account: they accept after signing in, back on this page. */
export function SignInFirst({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  return (
    <div className="space-y-4">
      <Banner tone="info" title="Sign in first">
        An account for <strong>{email}</strong> already exists. Sign in with it and you will come back here to
        accept the invitation.
      </Banner>
      <Button
        className="w-full"
        onClick={() => {
          rememberInviteToken(token);
          router.push('/signin?next=/invite');
        }}
      >
        Sign in to accept
      </Button>
    </div>
  );
}

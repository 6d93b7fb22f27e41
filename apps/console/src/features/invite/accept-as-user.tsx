'use client';
import { useRouter } from 'next/navigation';
import { authRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { InvitationPreview, SessionResponse } from '@portcullis/sdk';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { forgetInviteToken } from './invite-token';

const accept = (token: string) => call(authRoutes.acceptInvitation, { body: { token } });
const signOut = () => call(authRoutes.signOut, {});

/** A signed-in visitor: accept as themselves, or sign out if the invitation names someone else. */
export function AcceptAsUser({
  token,
  preview,
  session,
  onSignedOut,
}: {
  token: string;
  preview: InvitationPreview;
  session: SessionResponse;
  onSignedOut: () => void;
}) {
  const router = useRouter();
  const accepting = useAction(accept);
  const signingOut = useAction(signOut);
  const sameEmail = session.user.email.toLowerCase() === preview.email.toLowerCase();

  if (!sameEmail) {
    return (
      <div className="space-y-4">
        <Banner tone="warning" title="This invitation is for someone else">
          You are signed in as <strong>{session.user.email}</strong>, but the invitation is for{' '}
          <strong>{preview.email}</strong>. Sign out, then sign in as {preview.email} (or create that account)
          to accept it.
        </Banner>
        <ProblemBanner error={signingOut.error} />
        <Button
          variant="secondary"
          className="w-full"
          loading={signingOut.pending}
          onClick={async () => {
            if ((await signingOut.run()).ok) onSignedOut();
          }}
        >
          Sign out
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        You are signed in as <strong>{session.user.email}</strong>.
      </p>
      <ProblemBanner error={accepting.error} />
      <Button
        className="w-full"
        loading={accepting.pending}
        onClick={async () => {
          if (!(await accepting.run(token)).ok) return;
          forgetInviteToken();
          router.replace('/');
        }}
      >
        Accept invitation
      </Button>
    </div>
  );
}

import { formatDateTime } from '@/lib/format';
import type { CreatedInvitation } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';

/** The link is shown once: the API keeps only a hash of the token inside it. */
export function InvitationLinkPanel({
  created,
  onDismiss,
}: {
  created: CreatedInvitation;
  onDismiss: () => void;
}) {
  return (
    <section
      data-testid="invitation-link-panel"
      className="rounded-lg bg-emerald-50 p-5 ring-1 ring-emerald-200"
      aria-label="Invitation link"
    >
      <h2 className="text-sm font-semibold text-emerald-900">
        Invitation created for {created.invitation.email}
      </h2>
      <p className="mt-1 text-sm text-emerald-800">
        {created.emailed
          ? 'We e-mailed them this link; you may also send it yourself.'
          : 'Send this link to them yourself.'}{' '}
        It is shown only now and expires {formatDateTime(created.invitation.expiresAt)}.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code
          data-testid="invitation-link"
          className="min-w-0 flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-xs text-slate-800 ring-1 ring-emerald-200"
        >
          {created.link}
        </code>
        <CopyButton value={created.link} label="Copy link" />
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          Done
        </Button>
      </div>
    </section>
  );
}

import type { CreatedApiToken } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';

/** The secret exists in the browser only here: the API stores a hash and a short prefix. */
export function NewTokenPanel({ created, onDismiss }: { created: CreatedApiToken; onDismiss: () => void }) {
  return (
    <section
      data-testid="new-token-panel"
      aria-label="New API token"
      className="rounded-lg bg-amber-50 p-5 ring-2 ring-amber-300"
    >
      <h2 className="text-sm font-semibold text-amber-900">
        Copy your new token “{created.apiToken.name}” now
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        <strong>It will not be shown again.</strong> Store it in a secret manager. If you lose it, revoke it
        and create a new one.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code
          data-testid="new-token-value"
          className="min-w-0 flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-amber-300"
        >
          {created.token}
        </code>
        <CopyButton value={created.token} label="Copy token" />
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          I have stored it
        </Button>
      </div>
    </section>
  );
}

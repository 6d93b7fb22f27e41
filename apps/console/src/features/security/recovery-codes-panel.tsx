import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';

/** Recovery codes, shown once: each signs you in once if the authenticator is lost. */
export function RecoveryCodesPanel({ codes, onDismiss }: { codes: string[]; onDismiss: () => void }) {
  return (
    <section
      data-testid="recovery-codes"
      aria-label="Recovery codes"
      className="rounded-lg bg-amber-50 p-5 ring-2 ring-amber-300"
    >
      <h2 className="text-sm font-semibold text-amber-900">Your recovery codes</h2>
      <p className="mt-1 text-sm text-amber-900">
        <strong>They will not be shown again.</strong> Keep them somewhere safe: each one signs you in once if
        you lose your authenticator.
      </p>
      <ul className="mt-3 grid grid-cols-2 gap-2 font-mono text-sm text-slate-900 sm:grid-cols-5">
        {codes.map((c) => (
          <li key={c} className="rounded bg-white px-2 py-1 text-center ring-1 ring-amber-200">
            {c}
          </li>
        ))}
      </ul>
      <div className="mt-3 flex gap-2">
        <CopyButton value={codes.join('\n')} label="Copy codes" />
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          I saved them
        </Button>
      </div>
    </section>
  );
}

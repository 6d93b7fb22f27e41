import { Button } from './button';
import { CopyButton } from './copy-button';

/** A credential the API returned once: the browser holds it only while this panel is open. */
export function OnceSecretPanel({
  title,
  value,
  copyLabel,
  testId,
  onDismiss,
  children,
}: {
  title: string;
  value: string;
  copyLabel: string;
  testId: string;
  onDismiss: () => void;
  children?: React.ReactNode;
}) {
  return (
    <section
      data-testid={testId}
      aria-label={title}
      className="rounded-lg bg-amber-50 p-5 ring-2 ring-amber-300"
    >
      <h2 className="text-sm font-semibold text-amber-900">{title}</h2>
      <p className="mt-1 text-sm text-amber-900">
        <strong>It will not be shown again.</strong> Store it in a secret manager now. If you lose it, revoke
        it and create a new one.
      </p>
      {children}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code
          data-testid={`${testId}-value`}
          className="min-w-0 flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-amber-300"
        >
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} />
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          I have stored it
        </Button>
      </div>
    </section>
  );
}

import { CopyButton } from './copy-button';

/** A URL someone will paste elsewhere: monospace, wraps anywhere, with a copy button. */
export function CopyableUrl({
  url,
  label = 'Copy',
  ariaLabel,
  testId,
}: {
  url: string;
  label?: string;
  ariaLabel?: string;
  testId?: string;
}) {
  return (
    <span className="flex min-w-0 items-center gap-2">
      <code
        data-testid={testId}
        className="min-w-0 break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700"
      >
        {url}
      </code>
      <CopyButton value={url} label={label} ariaLabel={ariaLabel} />
    </span>
  );
}

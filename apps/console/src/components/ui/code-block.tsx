import { CopyButton } from './copy-button';
import { cx } from './cx';

/** Preformatted text (a snippet, a JSON document) with a copy button in its corner. */
export function CodeBlock({
  code,
  label,
  className,
  testId,
  compact,
}: {
  code: string;
  label: string;
  className?: string;
  testId?: string;
  /** A lower maximum height, for several blocks on one page. */
  compact?: boolean;
}) {
  return (
    <div className={cx('relative', className)}>
      <pre
        aria-label={label}
        data-testid={testId}
        className={cx(
          'overflow-auto rounded-md bg-slate-900 p-4 pr-24 font-mono text-xs leading-relaxed text-slate-100',
          compact ? 'max-h-64' : 'max-h-96',
        )}
      >
        <code>{code}</code>
      </pre>
      <div className="absolute right-2 top-2">
        <CopyButton value={code} />
      </div>
    </div>
  );
}

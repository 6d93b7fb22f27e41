import { cx } from './cx';

/** How far a long piece of work got: a bar and "done of total" in words. */
export function ProgressBar({
  done,
  total,
  unit,
  testId,
  className,
}: {
  done: number;
  total: number;
  unit: string;
  testId?: string;
  className?: string;
}) {
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div className={cx('min-w-56', className)} data-testid={testId}>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={`${unit} progress`}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className="h-full rounded-full bg-indigo-600 transition-[width]"
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="mt-1 text-xs text-slate-600 tabular-nums">
        {done.toLocaleString('en-US')} of {total.toLocaleString('en-US')} {unit} ({percent}%)
      </p>
    </div>
  );
}

import { Toggle } from '@/components/ui/toggle';
import { cx } from '@/components/ui/cx';

export function LiveTailToggle({
  live,
  onChange,
  failing,
}: {
  live: boolean;
  onChange: (on: boolean) => void;
  failing: boolean;
}) {
  return (
    <div className="flex items-center gap-2 text-sm text-slate-600">
      {live && (
        <span className="relative flex size-2" aria-hidden="true">
          <span
            className={cx(
              'absolute inline-flex size-full animate-ping rounded-full opacity-75',
              failing ? 'bg-amber-400' : 'bg-emerald-400',
            )}
          />
          <span
            className={cx(
              'relative inline-flex size-2 rounded-full',
              failing ? 'bg-amber-500' : 'bg-emerald-500',
            )}
          />
        </span>
      )}
      <Toggle checked={live} onChange={onChange} label="Live tail" />
      <span>{live ? (failing ? 'Live tail (retrying)' : 'Live tail: every 2 s') : 'Live tail'}</span>
    </div>
  );
}

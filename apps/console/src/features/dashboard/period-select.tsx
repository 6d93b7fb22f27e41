import { PERIODS, type Period } from '@/lib/stats-series';
import { cx } from '@/components/ui/cx';

/** 24 h / 7 d / 30 d, as a segmented control. */
export function PeriodSelect({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  return (
    <div
      role="radiogroup"
      aria-label="Period"
      className="inline-flex rounded-md bg-white p-0.5 shadow-sm ring-1 ring-slate-300"
    >
      {PERIODS.map((p) => (
        <button
          key={p.value}
          type="button"
          role="radio"
          aria-checked={value === p.value}
          onClick={() => onChange(p.value)}
          className={cx(
            'rounded px-3 py-1 text-sm font-medium transition-colors',
            value === p.value ? 'bg-indigo-600 text-white' : 'text-slate-600 hover:bg-slate-100',
          )}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}

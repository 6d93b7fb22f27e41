import type { PolicyMode } from '@portcullis/sdk';
import { cx } from '@/components/ui/cx';

const MODES: { value: PolicyMode; label: string; hint: string }[] = [
  { value: 'enforce', label: 'Enforce', hint: 'Refuses, limits and redacts.' },
  { value: 'monitor', label: 'Monitor', hint: 'Decides and records what it would do; never blocks.' },
];

/** Enforce or monitor, side by side with what each means. */
export function ModeSwitch({
  value,
  onChange,
  disabled,
}: {
  value: PolicyMode;
  onChange: (m: PolicyMode) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-700">Mode</legend>
      <div role="radiogroup" aria-label="Mode" className="mt-1 grid gap-2 sm:grid-cols-2">
        {MODES.map((m) => (
          <button
            key={m.value}
            type="button"
            role="radio"
            aria-checked={value === m.value}
            disabled={disabled}
            onClick={() => onChange(m.value)}
            className={cx(
              'rounded-md px-3 py-2 text-left ring-1 ring-inset transition-colors disabled:cursor-not-allowed disabled:opacity-60',
              value === m.value
                ? m.value === 'monitor'
                  ? 'bg-amber-50 ring-2 ring-amber-500'
                  : 'bg-indigo-50 ring-2 ring-indigo-600'
                : 'bg-white ring-slate-300 hover:bg-slate-50',
            )}
          >
            <span className="block text-sm font-semibold text-slate-900">{m.label}</span>
            <span className="block text-xs text-slate-500">{m.hint}</span>
          </button>
        ))}
      </div>
    </fieldset>
  );
}

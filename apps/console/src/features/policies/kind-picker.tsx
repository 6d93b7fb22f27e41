import type { PolicyKind } from '@portcullis/sdk';
import { cx } from '@/components/ui/cx';
import { KINDS } from './policy-kinds';

/** The six kinds as cards; the kind of a stored policy cannot change. */
export function KindPicker({
  value,
  onChange,
  locked,
}: {
  value: PolicyKind;
  onChange: (k: PolicyKind) => void;
  locked: boolean;
}) {
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-700">Kind</legend>
      <div role="radiogroup" aria-label="Kind" className="mt-1 grid gap-2 sm:grid-cols-3">
        {KINDS.map((k) => (
          <button
            key={k.value}
            type="button"
            role="radio"
            aria-checked={value === k.value}
            disabled={locked && value !== k.value}
            onClick={() => onChange(k.value)}
            className={cx(
              'rounded-md px-3 py-2 text-left ring-1 ring-inset transition-colors disabled:cursor-not-allowed disabled:opacity-40',
              value === k.value
                ? 'bg-indigo-50 ring-2 ring-indigo-600'
                : 'bg-white ring-slate-300 hover:bg-slate-50',
            )}
          >
            <span className="block text-sm font-semibold text-slate-900">{k.label}</span>
            <span className="block text-xs text-slate-500">{k.hint}</span>
          </button>
        ))}
      </div>
      {locked && (
        <p className="mt-1 text-xs text-slate-500">
          The kind of a policy cannot change; create a new one instead.
        </p>
      )}
    </fieldset>
  );
}

import { AUDIT_ACTIONS, type AuditAction } from '@portcullis/audit-core/actions';
import { cx } from '@/components/ui/cx';

// Grouped by what they are about: "agent.created" goes under "agent".
const GROUPS = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]!))].map((g) => ({
  group: g,
  actions: AUDIT_ACTIONS.filter((a) => a.startsWith(`${g}.`)),
}));

/** Which actions a sink receives: every one (empty list), or those picked. */
export function ActionPicker({
  value,
  onChange,
  disabled,
}: {
  value: AuditAction[];
  onChange: (next: AuditAction[]) => void;
  disabled?: boolean;
}) {
  const all = value.length === 0;
  const toggle = (a: AuditAction) =>
    onChange(value.includes(a) ? value.filter((x) => x !== a) : [...value, a]);
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-700">Events sent</legend>
      <div className="mt-1 flex gap-4 text-sm text-slate-700">
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="sink-actions"
            checked={all}
            disabled={disabled}
            onChange={() => onChange([])}
            className="accent-indigo-600"
          />
          Every event
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="sink-actions"
            checked={!all}
            disabled={disabled}
            onChange={() => !all || onChange(['gateway.call'])}
            className="accent-indigo-600"
          />
          Only these actions
        </label>
      </div>
      {!all && (
        <div className="mt-3 grid gap-x-6 gap-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-3">
          {GROUPS.map((g) => (
            <div key={g.group}>
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{g.group}</p>
              <div className="mt-1 flex flex-wrap gap-1">
                {g.actions.map((a) => (
                  <label
                    key={a}
                    className={cx(
                      'cursor-pointer rounded px-1.5 py-0.5 font-mono text-[11px] ring-1 ring-inset',
                      value.includes(a)
                        ? 'bg-indigo-600 text-white ring-indigo-600'
                        : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-100',
                    )}
                  >
                    <input
                      type="checkbox"
                      className="sr-only"
                      aria-label={a}
                      checked={value.includes(a)}
                      disabled={disabled}
                      onChange={() => toggle(a)}
                    />
                    {a.slice(g.group.length + 1)}
                  </label>
                ))}
              </div>
            </div>
          ))}
        </div>
      )}
    </fieldset>
  );
}

'use client';
import type { ToolSelection } from '@/lib/types';
import { cx } from '@/components/ui/cx';
import { Toggle } from '@/components/ui/toggle';

export interface ToolOption {
  name: string;
  /** Why an agent could not call it right now (awaiting review, disabled...), if so. */
  note?: string;
}

/** "All tools" or a set of named tools, as checkable chips. `context` (a server slug) makes
 * every control's name unique on a page with several pickers. */
export function ToolPicker({
  options,
  value,
  onChange,
  context,
  disabled,
  allowAll = true,
}: {
  options: ToolOption[];
  value: ToolSelection;
  onChange: (next: ToolSelection) => void;
  context: string;
  disabled?: boolean;
  /** False where "all" would exceed a limit (an API key under a grant of named tools). */
  allowAll?: boolean;
}) {
  const all = value === '*';
  const selected = new Set(all ? options.map((o) => o.name) : value);
  const toggle = (name: string, on: boolean) => {
    const names = new Set(value === '*' ? [] : value);
    if (on) names.add(name);
    else names.delete(name);
    onChange(options.map((o) => o.name).filter((n) => names.has(n)));
  };
  return (
    <div className="space-y-2">
      {allowAll && disabled && all && (
        <p className="text-xs font-medium text-slate-600">All tools, including future ones</p>
      )}
      {allowAll && !disabled && (
        <div className="flex items-center gap-2">
          <Toggle
            checked={all}
            disabled={disabled}
            label={`All tools on ${context}`}
            // Turning "all" off keeps today's tools checked: the admin then removes what to exclude.
            onChange={(on) => onChange(on ? '*' : options.map((o) => o.name))}
          />
          <span className="text-xs font-medium text-slate-600">
            {all ? 'All tools, including future ones' : 'All tools'}
          </span>
        </div>
      )}
      {options.length === 0 ? (
        <p className="text-xs text-slate-400">No tools discovered yet.</p>
      ) : (
        <div className="flex flex-wrap gap-1.5">
          {options.map((o) => {
            const on = selected.has(o.name);
            return (
              <label
                key={o.name}
                title={o.note}
                className={cx(
                  'inline-flex cursor-pointer items-center gap-1.5 rounded-md px-2 py-1 font-mono text-xs ring-1 ring-inset transition-colors',
                  on
                    ? 'bg-indigo-50 text-indigo-800 ring-indigo-300'
                    : 'bg-white text-slate-500 ring-slate-200 hover:ring-slate-300',
                  (disabled || all) && 'cursor-default',
                  all && 'opacity-75',
                )}
              >
                <input
                  type="checkbox"
                  className="size-3.5 accent-indigo-600"
                  aria-label={`${o.name} on ${context}`}
                  checked={on}
                  disabled={disabled || all}
                  onChange={(e) => toggle(o.name, e.target.checked)}
                />
                {o.name}
                {o.note && <span className="font-sans text-[10px] text-amber-700">· {o.note}</span>}
              </label>
            );
          })}
        </div>
      )}
    </div>
  );
}

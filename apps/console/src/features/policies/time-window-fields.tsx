import { useMemo } from 'react';
import { TextAreaField, TextField } from '@/components/ui/field';
import { cx } from '@/components/ui/cx';
import type { KindFieldsProps } from './kind-fields-props';
import type { TimeWindowForm } from './policy-form-model';
import { DAYS } from './policy-kinds';

export function TimeWindowFields({ value, onChange, error, disabled }: KindFieldsProps<TimeWindowForm>) {
  const zones = useMemo(
    () => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []),
    [],
  );
  const toggleDay = (d: number) =>
    onChange({
      days: value.days.includes(d) ? value.days.filter((x) => x !== d) : [...value.days, d].sort(),
    });
  const daysError = error('config.days');
  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="block text-sm font-medium text-slate-700">Days</legend>
        <div className="mt-1 flex flex-wrap gap-1.5">
          {DAYS.map((label, d) => (
            <label
              key={label}
              className={cx(
                'cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset transition-colors',
                value.days.includes(d)
                  ? 'bg-indigo-600 text-white ring-indigo-600'
                  : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
                disabled && 'cursor-not-allowed opacity-60',
              )}
            >
              <input
                type="checkbox"
                className="sr-only"
                checked={value.days.includes(d)}
                disabled={disabled}
                onChange={() => toggleDay(d)}
              />
              {label}
            </label>
          ))}
        </div>
        {daysError && (
          <p className="mt-1 text-sm text-red-600" role="alert">
            {daysError}
          </p>
        )}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label="From"
          name="start"
          value={value.start}
          placeholder="08:00"
          disabled={disabled}
          error={error('config.start')}
          hint="HH:MM, 24-hour clock."
          onChange={(e) => onChange({ start: e.target.value })}
        />
        <TextField
          label="Until"
          name="end"
          value={value.end}
          placeholder="18:00"
          disabled={disabled}
          error={error('config.end')}
          hint="Earlier than From: runs past midnight. 24:00 = end of day."
          onChange={(e) => onChange({ end: e.target.value })}
        />
        <TextField
          label="Time zone"
          name="timeZone"
          value={value.timeZone}
          list="policy-time-zones"
          placeholder="The tenant's time zone"
          disabled={disabled}
          error={error('config.timeZone')}
          hint="IANA name, e.g. Europe/Paris."
          onChange={(e) => onChange({ timeZone: e.target.value })}
        />
        <datalist id="policy-time-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <TextAreaField
        label="Only on these dates (optional)"
        name="dateRanges"
        rows={3}
        value={value.dateRanges}
        placeholder={'2026-12-24\n2026-12-27 to 2026-12-31'}
        disabled={disabled}
        error={error('config.dateRanges')}
        hint="One date or range per line (YYYY-MM-DD, inclusive, local dates). Empty: every week."
        onChange={(e) => onChange({ dateRanges: e.target.value })}
      />
    </div>
  );
}

import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { CustomPatternRow } from './custom-pattern-row';
import type { KindFieldsProps } from './kind-fields-props';
import { nextPatternKey, type GuardrailForm, type PatternForm } from './policy-form-model';
import {
  DETECTORS,
  DIRECTIONS,
  GUARDRAIL_ACTIONS,
  type Direction,
  type GuardrailAction,
} from './policy-kinds';

const DETECTOR_CHOICES = [{ value: '', label: 'Off' }, ...GUARDRAIL_ACTIONS];

export function GuardrailFields({ value, onChange, error, disabled }: KindFieldsProps<GuardrailForm>) {
  const setDetector = (type: string, action: string) => {
    const detectors = { ...value.detectors };
    if (action) detectors[type as keyof typeof detectors] = action as GuardrailAction;
    else delete detectors[type as keyof typeof detectors];
    onChange({ detectors });
  };
  // A pattern row counts as edited field by field: a row just added shows no errors yet.
  const setPattern = (i: number, patch: Partial<PatternForm>) =>
    onChange(
      { customPatterns: value.customPatterns.map((p, j) => (j === i ? { ...p, ...patch } : p)) },
      Object.keys(patch).map((k) => `config.customPatterns.${i}.${k}`),
    );
  const detectorsError = error('config.detectors');

  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Scan"
          name="direction"
          value={value.direction}
          options={DIRECTIONS}
          disabled={disabled}
          error={error('config.direction')}
          onChange={(e) => onChange({ direction: e.target.value as Direction })}
        />
        <TextField
          label="Maximum size (bytes)"
          name="maxBytes"
          type="number"
          min={1}
          inputMode="numeric"
          value={value.maxBytes}
          placeholder="No limit"
          disabled={disabled}
          error={error('config.maxBytes')}
          hint="Larger payloads are blocked."
          onChange={(e) => onChange({ maxBytes: e.target.value })}
        />
      </div>
      <fieldset>
        <legend className="block text-sm font-medium text-slate-700">Detectors</legend>
        <p className="text-xs text-slate-500">
          Block refuses the call, redact replaces the match in place (the JSON stays valid), flag only records
          it.
        </p>
        <div className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2">
          {DETECTORS.map((d) => (
            <label key={d.value} className="flex items-center justify-between gap-3 text-sm text-slate-700">
              <span>{d.label}</span>
              <select
                aria-label={`${d.label} action`}
                value={value.detectors[d.value] ?? ''}
                disabled={disabled}
                onChange={(e) => setDetector(d.value, e.target.value)}
                className="w-28 rounded-md border-0 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
              >
                {DETECTOR_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        {detectorsError && (
          <p className="mt-1 text-sm text-red-600" role="alert">
            {detectorsError}
          </p>
        )}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="block text-sm font-medium text-slate-700">Your patterns</legend>
        <p className="text-xs text-slate-500">
          Run on a linear-time (RE2) engine: no backreferences or lookaround.
        </p>
        {value.customPatterns.map((p, i) => (
          <CustomPatternRow
            key={p.key}
            index={i}
            value={p}
            disabled={disabled}
            error={error}
            onChange={(patch) => setPattern(i, patch)}
            onRemove={() => onChange({ customPatterns: value.customPatterns.filter((_, j) => j !== i) }, [])}
          />
        ))}
        <Button
          variant="secondary"
          size="sm"
          disabled={disabled}
          onClick={() =>
            onChange(
              {
                customPatterns: [
                  ...value.customPatterns,
                  { key: nextPatternKey(), name: '', pattern: '', action: 'flag' },
                ],
              },
              [],
            )
          }
        >
          Add pattern
        </Button>
      </fieldset>
    </div>
  );
}

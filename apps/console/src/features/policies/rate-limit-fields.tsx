import { CheckboxField, TextField } from '@/components/ui/field';
import type { KindFieldsProps } from './kind-fields-props';
import type { RateLimitForm } from './policy-form-model';
import { CountedPerField, RequestsAllowedField } from './limit-fields';

export function RateLimitFields({ value, onChange, error, disabled }: KindFieldsProps<RateLimitForm>) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <RequestsAllowedField value={value} onChange={onChange} error={error} disabled={disabled} />
      <TextField
        label="Per window (seconds)"
        name="windowSec"
        type="number"
        min={1}
        inputMode="numeric"
        value={value.windowSec}
        disabled={disabled}
        error={error('config.windowSec')}
        hint="60 = a minute, 3600 = an hour."
        onChange={(e) => onChange({ windowSec: e.target.value })}
      />
      <TextField
        label="Burst"
        name="burst"
        type="number"
        min={1}
        inputMode="numeric"
        value={value.burst}
        placeholder={value.limit || 'same as the limit'}
        disabled={disabled}
        error={error('config.burst')}
        hint="How many may arrive at once. Empty: the whole allowance."
        onChange={(e) => onChange({ burst: e.target.value })}
      />
      <CountedPerField value={value} onChange={onChange} error={error} disabled={disabled} />
      <CheckboxField
        className="sm:col-span-2"
        label="Strict"
        hint="When the counter store (Redis) cannot answer, refuse calls rather than let them through."
        checked={value.strict}
        disabled={disabled}
        onChange={(e) => onChange({ strict: e.target.checked })}
      />
    </div>
  );
}

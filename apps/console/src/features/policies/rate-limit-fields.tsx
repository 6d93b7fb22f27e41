import { CheckboxField, SelectField, TextField } from '@/components/ui/field';
import type { KindFieldsProps } from './kind-fields-props';
import type { RateLimitForm } from './policy-form-model';
import { LIMIT_SCOPES, type LimitScope } from './policy-kinds';

export function RateLimitFields({ value, onChange, error, disabled }: KindFieldsProps<RateLimitForm>) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        label="Requests allowed"
        name="limit"
        type="number"
        min={1}
        inputMode="numeric"
        value={value.limit}
        disabled={disabled}
        error={error('config.limit')}
        onChange={(e) => onChange({ limit: e.target.value })}
      />
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
      <SelectField
        label="Counted"
        name="per"
        value={value.per}
        options={LIMIT_SCOPES}
        disabled={disabled}
        error={error('config.per')}
        onChange={(e) => onChange({ per: e.target.value as LimitScope })}
      />
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

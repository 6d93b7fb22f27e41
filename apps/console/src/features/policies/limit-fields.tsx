// The fields a rate limit and a quota share: how many requests, and what they are counted per.
import { SelectField, TextField } from '@/components/ui/field';
import type { KindFieldsProps } from './kind-fields-props';
import { LIMIT_SCOPES, type LimitScope } from './policy-kinds';

type Shared = KindFieldsProps<{ limit: string; per: LimitScope }>;

export function RequestsAllowedField({ value, onChange, error, disabled }: Shared) {
  return (
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
  );
}

export function CountedPerField({ value, onChange, error, disabled }: Shared) {
  return (
    <SelectField
      label="Counted"
      name="per"
      value={value.per}
      options={LIMIT_SCOPES}
      disabled={disabled}
      error={error('config.per')}
      onChange={(e) => onChange({ per: e.target.value as LimitScope })}
    />
  );
}

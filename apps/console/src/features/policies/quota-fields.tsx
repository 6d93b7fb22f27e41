import { SelectField, TextField } from '@/components/ui/field';
import type { KindFieldsProps } from './kind-fields-props';
import type { QuotaForm } from './policy-form-model';
import { LIMIT_SCOPES, type LimitScope } from './policy-kinds';

const PERIODS = [
  { value: 'day', label: 'Per calendar day' },
  { value: 'month', label: 'Per calendar month' },
];

export function QuotaFields({ value, onChange, error, disabled }: KindFieldsProps<QuotaForm>) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
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
      <SelectField
        label="Period"
        name="period"
        value={value.period}
        options={PERIODS}
        disabled={disabled}
        error={error('config.period')}
        hint="Resets at local midnight in the tenant's time zone."
        onChange={(e) => onChange({ period: e.target.value as QuotaForm['period'] })}
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
    </div>
  );
}

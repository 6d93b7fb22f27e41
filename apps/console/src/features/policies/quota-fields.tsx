import { SelectField } from '@/components/ui/field';
import type { KindFieldsProps } from './kind-fields-props';
import type { QuotaForm } from './policy-form-model';
import { CountedPerField, RequestsAllowedField } from './limit-fields';

const PERIODS = [
  { value: 'day', label: 'Per calendar day' },
  { value: 'month', label: 'Per calendar month' },
];

export function QuotaFields({ value, onChange, error, disabled }: KindFieldsProps<QuotaForm>) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <RequestsAllowedField value={value} onChange={onChange} error={error} disabled={disabled} />
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
      <CountedPerField value={value} onChange={onChange} error={error} disabled={disabled} />
    </div>
  );
}

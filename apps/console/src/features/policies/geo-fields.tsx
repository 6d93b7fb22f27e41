import { SelectField, TextField } from '@/components/ui/field';
import type { KindFieldsProps } from './kind-fields-props';
import type { GeoForm } from './policy-form-model';

const UNKNOWN = [
  { value: 'allow', label: 'Allow' },
  { value: 'deny', label: 'Deny' },
];

export function GeoFields({ value, onChange, error, disabled }: KindFieldsProps<GeoForm>) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <TextField
        label="Allow only countries"
        name="allowCountries"
        value={value.allowCountries}
        placeholder="FR, DE, CH"
        disabled={disabled}
        error={error('config.allowCountries')}
        hint="ISO codes, comma-separated. Empty: any not denied."
        onChange={(e) => onChange({ allowCountries: e.target.value })}
      />
      <TextField
        label="Deny countries"
        name="denyCountries"
        value={value.denyCountries}
        placeholder="KP, IR"
        disabled={disabled}
        error={error('config.denyCountries')}
        hint="ISO codes, comma-separated."
        onChange={(e) => onChange({ denyCountries: e.target.value })}
      />
      <SelectField
        label="Unknown country"
        name="unknownCountry"
        value={value.unknownCountry}
        options={UNKNOWN}
        disabled={disabled}
        error={error('config.unknownCountry')}
        hint="Private, reserved and unmapped addresses have no country."
        onChange={(e) => onChange({ unknownCountry: e.target.value as GeoForm['unknownCountry'] })}
      />
    </div>
  );
}

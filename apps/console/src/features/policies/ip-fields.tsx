import { TextAreaField } from '@/components/ui/field';
import type { KindFieldsProps } from './kind-fields-props';
import type { IpForm } from './policy-form-model';

const HINT = 'One per line: 203.0.113.0/24, 2001:db8::/32, or a single address.';

export function IpFields({ value, onChange, error, disabled }: KindFieldsProps<IpForm>) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextAreaField
        label="Allow only"
        name="allow"
        rows={5}
        value={value.allow}
        placeholder={'10.0.0.0/8\n2001:db8::/32'}
        disabled={disabled}
        error={error('config.allow')}
        hint={`${HINT} Empty: any address not denied.`}
        onChange={(e) => onChange({ allow: e.target.value })}
      />
      <TextAreaField
        label="Deny"
        name="deny"
        rows={5}
        value={value.deny}
        placeholder="198.51.100.7"
        disabled={disabled}
        error={error('config.deny')}
        hint={`${HINT} Deny wins over allow.`}
        onChange={(e) => onChange({ deny: e.target.value })}
      />
    </div>
  );
}

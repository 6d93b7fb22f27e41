'use client';
import type { AuthMethod } from '@portcullis/sdk';
import { CheckboxField } from '@/components/ui/field';
import { AUTH_METHODS } from './auth-methods';

/** Which ways of proving its identity the agent may use at the token endpoint. */
export function AuthMethodsField({
  value,
  onChange,
  error,
  disabled,
}: {
  value: AuthMethod[];
  onChange: (next: AuthMethod[]) => void;
  error?: string;
  disabled?: boolean;
}) {
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-700">Client authentication</legend>
      <div className="mt-2 space-y-2">
        {AUTH_METHODS.map((m) => (
          <CheckboxField
            key={m.value}
            label={m.label}
            hint={m.hint}
            disabled={disabled}
            checked={value.includes(m.value)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, m.value] : value.filter((v) => v !== m.value))
            }
          />
        ))}
      </div>
      {error && (
        <p className="mt-1 text-sm text-red-600" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

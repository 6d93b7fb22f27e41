import type { ConfigForms } from './policy-form-model';
import type { PolicyKind } from '@portcullis/sdk';
import { GeoFields } from './geo-fields';
import { GuardrailFields } from './guardrail-fields';
import { IpFields } from './ip-fields';
import { QuotaFields } from './quota-fields';
import { RateLimitFields } from './rate-limit-fields';
import { TimeWindowFields } from './time-window-fields';

/** The config fields of the chosen kind. */
export function KindFields({
  kind,
  config,
  onChange,
  error,
  disabled,
}: {
  kind: PolicyKind;
  config: ConfigForms;
  onChange: <K extends PolicyKind>(kind: K, patch: Partial<ConfigForms[K]>, touched?: string[]) => void;
  error: (path: string) => string | undefined;
  disabled?: boolean;
}) {
  const common = { error, disabled };
  switch (kind) {
    case 'rate_limit':
      return (
        <RateLimitFields
          value={config.rate_limit}
          onChange={(p, t) => onChange('rate_limit', p, t)}
          {...common}
        />
      );
    case 'quota':
      return <QuotaFields value={config.quota} onChange={(p, t) => onChange('quota', p, t)} {...common} />;
    case 'ip':
      return <IpFields value={config.ip} onChange={(p, t) => onChange('ip', p, t)} {...common} />;
    case 'geo':
      return <GeoFields value={config.geo} onChange={(p, t) => onChange('geo', p, t)} {...common} />;
    case 'time_window':
      return (
        <TimeWindowFields
          value={config.time_window}
          onChange={(p, t) => onChange('time_window', p, t)}
          {...common}
        />
      );
    case 'guardrail':
      return (
        <GuardrailFields
          value={config.guardrail}
          onChange={(p, t) => onChange('guardrail', p, t)}
          {...common}
        />
      );
  }
}

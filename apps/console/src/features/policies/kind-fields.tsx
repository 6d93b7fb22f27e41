import type { ConfigForms } from './policy-form-model';
import type { PolicyKind } from '@/lib/types';
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
  onChange: <K extends PolicyKind>(kind: K, patch: Partial<ConfigForms[K]>) => void;
  error: (path: string) => string | undefined;
  disabled?: boolean;
}) {
  const common = { error, disabled };
  switch (kind) {
    case 'rate_limit':
      return <RateLimitFields value={config.rate_limit} onChange={(p) => onChange('rate_limit', p)} {...common} />;
    case 'quota':
      return <QuotaFields value={config.quota} onChange={(p) => onChange('quota', p)} {...common} />;
    case 'ip':
      return <IpFields value={config.ip} onChange={(p) => onChange('ip', p)} {...common} />;
    case 'geo':
      return <GeoFields value={config.geo} onChange={(p) => onChange('geo', p)} {...common} />;
    case 'time_window':
      return <TimeWindowFields value={config.time_window} onChange={(p) => onChange('time_window', p)} {...common} />;
    case 'guardrail':
      return <GuardrailFields value={config.guardrail} onChange={(p) => onChange('guardrail', p)} {...common} />;
  }
}

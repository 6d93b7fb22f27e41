import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { PatternForm } from './policy-form-model';
import { GUARDRAIL_ACTIONS, type GuardrailAction } from './policy-kinds';

export function CustomPatternRow({
  index,
  value,
  onChange,
  onRemove,
  error,
  disabled,
}: {
  index: number;
  value: PatternForm;
  onChange: (patch: Partial<PatternForm>) => void;
  onRemove: () => void;
  error: (path: string) => string | undefined;
  disabled?: boolean;
}) {
  const at = `config.customPatterns.${index}`;
  return (
    <div
      data-testid="custom-pattern"
      className="grid items-start gap-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200 sm:grid-cols-[10rem_1fr_8rem_auto]"
    >
      <TextField
        label="Name"
        name={`pattern-${index}-name`}
        value={value.name}
        placeholder="ticket_id"
        disabled={disabled}
        error={error(`${at}.name`)}
        onChange={(e) => onChange({ name: e.target.value })}
      />
      <TextField
        label="Pattern (RE2)"
        name={`pattern-${index}-pattern`}
        value={value.pattern}
        placeholder="TCK-[0-9]{6}"
        className="font-mono"
        disabled={disabled}
        error={error(`${at}.pattern`)}
        onChange={(e) => onChange({ pattern: e.target.value })}
      />
      <SelectField
        label="Action"
        name={`pattern-${index}-action`}
        value={value.action}
        options={GUARDRAIL_ACTIONS}
        disabled={disabled}
        error={error(`${at}.action`)}
        onChange={(e) => onChange({ action: e.target.value as GuardrailAction })}
      />
      <Button
        variant="danger-ghost"
        size="sm"
        className="sm:mt-7"
        onClick={onRemove}
        disabled={disabled}
        aria-label={`Remove pattern ${index + 1}`}
      >
        Remove
      </Button>
    </div>
  );
}

// Every event made storable before it is sealed: the one place the field caps live, applied by
// the API to every record whatever the caller put in it, so the hash covers what is stored.
import { EMPTY_MARK, storableDetails, storableText } from './storable';
import type { AuditEventInput } from './schema';
import { INPUT_KEYS } from './input-check';

/** Caps in UTF-16 code units (never more than the column holds in characters). */
export const FIELD_CAPS = {
  actorId: 200,
  actorLabel: 200,
  targetType: 100,
  targetId: 200,
  targetLabel: 200,
  reason: 2000,
  requestId: 200,
} as const;

type Loose = Omit<AuditEventInput, 'details'> & { details?: Record<string, unknown> };

const required = (text: string, cap: number) => (text === '' ? EMPTY_MARK : storableText(text, cap));
const optional = (text: string | undefined, cap: number) =>
  text === undefined || text === '' ? undefined : storableText(text, cap);

/**
 * The event with every text field escaped and capped (see storable.ts) and its details made
 * storable. An empty identifier is written as `\u{}`; an empty optional text is left out.
 * Built field by field: an object rest (`...rest`) copy cost as much as escaping every field,
 * on every event; an input with fields of its own still takes that copy.
 */
export function storableInput(input: Loose): AuditEventInput {
  const out: AuditEventInput = withUnknownFields(input) ?? {
    id: input.id,
    tenantId: input.tenantId,
    time: input.time,
    actor: input.actor,
    action: input.action,
    outcome: input.outcome,
    details: {},
  };
  if (input.ip !== undefined) out.ip = input.ip;
  if (input.country !== undefined) out.country = input.country;
  const { actor, target } = input;
  out.actor = { type: actor.type, id: required(actor.id, FIELD_CAPS.actorId) };
  out.details = storableDetails(input.details ?? {});
  const actorLabel = optional(actor.label, FIELD_CAPS.actorLabel);
  if (actorLabel !== undefined) out.actor.label = actorLabel;
  if (target) {
    out.target = {
      type: required(target.type, FIELD_CAPS.targetType),
      id: required(target.id, FIELD_CAPS.targetId),
    };
    const label = optional(target.label, FIELD_CAPS.targetLabel);
    if (label !== undefined) out.target.label = label;
  }
  const r = optional(input.reason, FIELD_CAPS.reason);
  if (r !== undefined) out.reason = r;
  const id = optional(input.requestId, FIELD_CAPS.requestId);
  if (id !== undefined) out.requestId = id;
  return out;
}

/** A copy of `input` without the fields storableInput writes itself, when it has fields of its own. */
function withUnknownFields(input: Loose): AuditEventInput | undefined {
  for (const key in input) {
    if (INPUT_KEYS.has(key)) continue;
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { actor, target, reason, requestId, details, ip, country, ...rest } = input;
    return { ...rest, actor, details: {} } as AuditEventInput;
  }
  return undefined;
}

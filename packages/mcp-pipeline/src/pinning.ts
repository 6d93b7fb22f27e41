// Tool pinning: a tool's definition (everything an agent's model reads about it but its name)
// is fingerprinted when an admin approves it. The gateway compares every tools/list answer
// with the approved fingerprints, and a sync quarantines a tool whose definition changed.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * What is pinned. Optional members are omitted when the server does not send them, so a
 * definition without title or output schema fingerprints as it did before they were pinned.
 */
export interface ToolDefinition {
  description: string | null;
  inputSchema: unknown;
  annotations: unknown | null;
  title?: string;
  outputSchema?: unknown;
}

export interface DiscoveredTool {
  name: string;
  definition: ToolDefinition;
}

/** The pinned part of a tool as a server lists it; members nobody pinned (icons, _meta) are not part of it. */
export function definitionOf(tool: Record<string, unknown>): ToolDefinition {
  const def: ToolDefinition = {
    description: typeof tool.description === 'string' ? tool.description : null,
    inputSchema: tool.inputSchema ?? null,
    annotations: tool.annotations ?? null,
  };
  if (tool.title !== undefined) def.title = tool.title as string;
  if (tool.outputSchema !== undefined) def.outputSchema = tool.outputSchema;
  return def;
}

/** The tool as the gateway shows it to agents: its name and its pinned definition, nothing else. */
export function toolForAgents(name: string, def: ToolDefinition): Record<string, unknown> {
  return {
    name,
    ...(def.title !== undefined ? { title: def.title } : {}),
    ...(def.description !== null ? { description: def.description } : {}),
    inputSchema: def.inputSchema,
    ...(def.outputSchema !== undefined ? { outputSchema: def.outputSchema } : {}),
    ...(def.annotations !== null ? { annotations: def.annotations } : {}),
  };
}

/** SHA-256 of the RFC 8785 canonical JSON of the definition: key order never matters. */
export function fingerprint(def: ToolDefinition): string {
  const canonical = canonicalize({
    description: def.description,
    inputSchema: def.inputSchema ?? null,
    annotations: def.annotations ?? null,
    ...(def.title !== undefined ? { title: def.title } : {}),
    ...(def.outputSchema !== undefined ? { outputSchema: def.outputSchema } : {}),
  });
  return createHash('sha256')
    .update(canonical ?? 'null')
    .digest('hex');
}

export interface KnownTool {
  id: string;
  name: string;
  fingerprint: string;
  approvedFingerprint: string | null;
  review: 'approved' | 'quarantined' | 'rejected';
  removedAt: Date | null;
  /** Set when the gateway saw agents offered another definition than the approved one. */
  pinViolationAt?: Date | null;
}

export type ToolChange =
  | {
      kind: 'create';
      name: string;
      definition: ToolDefinition;
      fingerprint: string;
      review: 'approved' | 'quarantined';
    }
  | {
      kind: 'update';
      id: string;
      name: string;
      definition: ToolDefinition;
      fingerprint: string;
      review: KnownTool['review'];
      approve: boolean;
    }
  | { kind: 'remove'; id: string; name: string };

export interface SyncPlan {
  changes: ToolChange[];
  /** Tools that became quarantined by this sync (new, or changed since approval). */
  quarantined: { name: string; reason: 'new' | 'changed' }[];
  autoApproved: string[];
}

/**
 * What a sync changes. A rejected tool stays rejected whatever its definition, and a tool the
 * gateway caught offering agents another definition stays quarantined whatever discovery sees:
 * only an admin approves them. An approved tool whose definition no longer matches is
 * quarantined, unless the server auto-approves.
 */
export function planToolSync(
  known: KnownTool[],
  discovered: DiscoveredTool[],
  autoApprove: boolean,
): SyncPlan {
  const byName = new Map(known.map((k) => [k.name, k]));
  const seen = new Set<string>();
  const plan: SyncPlan = { changes: [], quarantined: [], autoApproved: [] };
  for (const d of discovered) {
    if (seen.has(d.name)) continue; // A server listing a name twice: the first one counts.
    seen.add(d.name);
    const fp = fingerprint(d.definition);
    const k = byName.get(d.name);
    if (!k) {
      plan.changes.push({
        kind: 'create',
        name: d.name,
        definition: d.definition,
        fingerprint: fp,
        review: autoApprove ? 'approved' : 'quarantined',
      });
      if (autoApprove) plan.autoApproved.push(d.name);
      else plan.quarantined.push({ name: d.name, reason: 'new' });
      continue;
    }
    let review: KnownTool['review'];
    let approve = false;
    if (k.review === 'rejected') review = 'rejected';
    else if (k.pinViolationAt) review = 'quarantined';
    else if (k.approvedFingerprint === fp) review = 'approved';
    else if (autoApprove) {
      review = 'approved';
      approve = true;
      plan.autoApproved.push(d.name);
    } else {
      if (k.review !== 'quarantined' || k.fingerprint !== fp)
        plan.quarantined.push({ name: d.name, reason: k.approvedFingerprint ? 'changed' : 'new' });
      review = 'quarantined';
    }
    plan.changes.push({
      kind: 'update',
      id: k.id,
      name: d.name,
      definition: d.definition,
      fingerprint: fp,
      review,
      approve,
    });
  }
  for (const k of known)
    if (!seen.has(k.name) && !k.removedAt) plan.changes.push({ kind: 'remove', id: k.id, name: k.name });
  return plan;
}

/** Whether agents may see and call the tool right now. */
export function isCallable(t: {
  enabled: boolean;
  review: string;
  removedAt: Date | null;
  fingerprint: string;
  approvedFingerprint: string | null;
}): boolean {
  return t.enabled && t.review === 'approved' && !t.removedAt && t.fingerprint === t.approvedFingerprint;
}

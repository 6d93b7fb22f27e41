// Tool pinning: a tool's definition (description, input schema, annotations) is fingerprinted
// when an admin approves it. A sync that finds a new tool, or a definition that no longer
// matches its approved fingerprint, quarantines it until an admin reviews the difference.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export interface ToolDefinition {
  description: string | null;
  inputSchema: unknown;
  annotations: unknown | null;
}

export interface DiscoveredTool {
  name: string;
  definition: ToolDefinition;
}

export interface KnownTool {
  id: string;
  name: string;
  fingerprint: string;
  approvedFingerprint: string | null;
  review: 'approved' | 'quarantined' | 'rejected';
  removedAt: Date | null;
}

/** SHA-256 of the RFC 8785 canonical JSON of the definition: key order never matters. */
export function fingerprint(def: ToolDefinition): string {
  const canonical = canonicalize({ description: def.description, inputSchema: def.inputSchema ?? null, annotations: def.annotations ?? null });
  return createHash('sha256').update(canonical ?? 'null').digest('hex');
}

export type ToolChange =
  | { kind: 'create'; name: string; definition: ToolDefinition; fingerprint: string; review: 'approved' | 'quarantined' }
  | { kind: 'update'; id: string; name: string; definition: ToolDefinition; fingerprint: string; review: KnownTool['review']; approve: boolean }
  | { kind: 'remove'; id: string; name: string };

export interface SyncPlan {
  changes: ToolChange[];
  /** Tools that became quarantined by this sync (new, or changed since approval). */
  quarantined: { name: string; reason: 'new' | 'changed' }[];
  autoApproved: string[];
}

export function planToolSync(known: KnownTool[], discovered: DiscoveredTool[], autoApprove: boolean): SyncPlan {
  const byName = new Map(known.map((k) => [k.name, k]));
  const seen = new Set<string>();
  const plan: SyncPlan = { changes: [], quarantined: [], autoApproved: [] };
  for (const d of discovered) {
    if (seen.has(d.name)) continue; // A server listing a name twice: the first one counts.
    seen.add(d.name);
    const fp = fingerprint(d.definition);
    const k = byName.get(d.name);
    if (!k) {
      plan.changes.push({ kind: 'create', name: d.name, definition: d.definition, fingerprint: fp, review: autoApprove ? 'approved' : 'quarantined' });
      if (autoApprove) plan.autoApproved.push(d.name);
      else plan.quarantined.push({ name: d.name, reason: 'new' });
      continue;
    }
    const matchesApproval = k.approvedFingerprint === fp;
    let review: KnownTool['review'] = k.review;
    let approve = false;
    if (matchesApproval) review = 'approved';
    else if (k.review === 'rejected' && k.fingerprint === fp) review = 'rejected';
    else if (autoApprove) {
      review = 'approved';
      approve = true;
      plan.autoApproved.push(d.name);
    } else {
      if (k.review !== 'quarantined' || k.fingerprint !== fp) plan.quarantined.push({ name: d.name, reason: k.approvedFingerprint ? 'changed' : 'new' });
      review = 'quarantined';
    }
    plan.changes.push({ kind: 'update', id: k.id, name: d.name, definition: d.definition, fingerprint: fp, review, approve });
  }
  for (const k of known) if (!seen.has(k.name) && !k.removedAt) plan.changes.push({ kind: 'remove', id: k.id, name: k.name });
  return plan;
}

/** Whether an agent may see and call the tool right now. */
export function isCallable(t: { enabled: boolean; review: string; removedAt: Date | null; fingerprint: string; approvedFingerprint: string | null }): boolean {
  return t.enabled && t.review === 'approved' && !t.removedAt && t.fingerprint === t.approvedFingerprint;
}

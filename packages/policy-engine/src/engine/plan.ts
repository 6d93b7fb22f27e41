// Which policies apply to a (direction, server, agent, tool) and which of them win.
//
// Policies compete within a slot: one for IP, geo and time windows; rate limits per counting
// scope (a per-tenant cap and a per-agent limit both apply); quotas per scope and period;
// guardrails per detector, per named pattern and for the size limit (so a tool-level policy can
// relax one detector without switching off the others). In a slot the most specific target
// wins, then the higher priority; exact ties all apply, and deny wins among them.
// Monitor-mode policies never take part in that contest: each is evaluated when it would win
// if it were switched to enforce, and otherwise recorded as overridden.
import type { Direction } from '../context';
import type { ExplanationEntry } from '../decision';
import type { GuardrailAction } from '../model/guardrail';
import type { ScanRule } from '../guardrails/scan';
import type { FindingDetector } from '../guardrails/types';
import { slotOf, type CompiledPolicy, type GuardRule } from './compiled';
import { buildScanRule, type RuleOwner } from './scan-rules';
import { describeTarget, targetMatches, targetMismatch } from './target';

export interface PlanKey {
  direction: Direction;
  serverId: string;
  agentId: string;
  tool: string | undefined;
}

export type PlanItem =
  | { type: 'static'; entry: Readonly<ExplanationEntry>; unmatched: boolean }
  | { type: 'access'; p: CompiledPolicy }
  | { type: 'limit'; p: CompiledPolicy }
  | { type: 'guard'; p: CompiledPolicy; note: string };

export interface ScanPlan {
  rules: ScanRule[];
  /**
   * The same rules, each masking what it finds (`[REDACTED:<label>]`): what may be recorded of
   * a payload that had findings, whatever the action (a blocked or flagged secret is kept
   * nowhere).
   */
  maskRules: ScanRule[];
  /** Per rule, the detector id findings carry ('pattern' for admin patterns). */
  detectors: FindingDetector[];
  /** Per rule, the guard items that own it and the action each asked for. */
  owners: RuleOwner[][];
  sizeLimits: Array<{ item: number; maxBytes: number; enforce: boolean }>;
  guardItems: number[];
}

export interface Plan {
  items: PlanItem[];
  accessItems: number[];
  limitItems: number[];
  scan?: ScanPlan;
  /** True when some item is unmatched (only listed with includeUnmatched). */
  hasUnmatched: boolean;
}

interface Contender {
  p: CompiledPolicy;
  rule?: GuardRule;
}

export function buildPlan(policies: readonly CompiledPolicy[], key: PlanKey): Plan {
  const items: PlanItem[] = new Array(policies.length);
  const slots = new Map<string, Contender[]>();
  let hasUnmatched = false;

  for (const p of policies) {
    const why = notApplicable(p, key);
    if (why !== undefined) {
      items[p.index] = { type: 'static', entry: entry(p, false, why), unmatched: true };
      hasUnmatched = true;
      continue;
    }
    if (p.guard) {
      for (const rule of p.guard.rules) push(slots, rule.slot, { p, rule });
    } else {
      push(slots, slotOf(p), { p });
    }
  }

  // Resolve every slot; remember per guard policy which of its rules survived.
  const activeRules = new Map<CompiledPolicy, GuardRule[]>();
  const overriddenRules = new Map<CompiledPolicy, string[]>();
  const skipped = new Map<CompiledPolicy, string>();
  for (const contenders of slots.values()) {
    const enforced = contenders.filter((c) => c.p.enforce);
    const best = enforced.reduce((max, c) => Math.max(max, c.p.rank), -Infinity);
    const winner = enforced.find((c) => c.p.rank === best)?.p;
    for (const c of contenders) {
      const wins = c.p.rank >= best;
      if (c.rule) {
        if (wins) push(activeRules, c.p, c.rule);
        else push(overriddenRules, c.p, `${ruleName(c.rule)} ${overriddenBy(c.p, winner!)}`);
      } else if (!wins) {
        skipped.set(c.p, overriddenBy(c.p, winner!));
      }
    }
  }

  const accessItems: number[] = [];
  const limitItems: number[] = [];
  const guardItems: number[] = [];
  for (const p of policies) {
    if (items[p.index]) continue;
    const reason = skipped.get(p);
    if (reason !== undefined) {
      items[p.index] = { type: 'static', entry: entry(p, true, reason), unmatched: false };
    } else if (p.guard) {
      const overridden = overriddenRules.get(p) ?? [];
      if (!activeRules.has(p)) {
        items[p.index] = { type: 'static', entry: entry(p, true, overridden.join('; ')), unmatched: false };
      } else {
        items[p.index] = {
          type: 'guard',
          p,
          note: overridden.length > 0 ? ` (${overridden.join('; ')})` : '',
        };
        guardItems.push(p.index);
      }
    } else if (p.rateLimit || p.quota) {
      items[p.index] = { type: 'limit', p };
      limitItems.push(p.index);
    } else {
      items[p.index] = { type: 'access', p };
      accessItems.push(p.index);
    }
  }

  const plan: Plan = { items, accessItems, limitItems, hasUnmatched };
  if (guardItems.length > 0) plan.scan = buildScanPlan(guardItems, items, activeRules);
  return plan;
}

function buildScanPlan(
  guardItems: number[],
  items: PlanItem[],
  activeRules: Map<CompiledPolicy, GuardRule[]>,
): ScanPlan {
  const byIdentity = new Map<string, { rule: GuardRule; owners: RuleOwner[] }>();
  const sizeLimits: ScanPlan['sizeLimits'] = [];
  for (const index of guardItems) {
    const item = items[index] as Extract<PlanItem, { type: 'guard' }>;
    for (const rule of activeRules.get(item.p) ?? []) {
      if (rule.maxBytes !== undefined) {
        sizeLimits.push({ item: index, maxBytes: rule.maxBytes, enforce: item.p.enforce });
        continue;
      }
      // The same detector from several policies runs once; findings go to every owner.
      const identity = rule.detector
        ? `d:${rule.detector}`
        : `p:${rule.pattern!.name}\u0000${rule.pattern!.source}`;
      let group = byIdentity.get(identity);
      if (!group) byIdentity.set(identity, (group = { rule, owners: [] }));
      group.owners.push({ item: index, action: rule.action, enforce: item.p.enforce });
    }
  }
  const groups = [...byIdentity.values()];
  return {
    rules: groups.map((g) => buildScanRule(g.rule, strongestEnforced(g.owners))),
    maskRules: groups.map((g) => buildScanRule(g.rule, 'redact')),
    detectors: groups.map((g) => g.rule.detector ?? 'pattern'),
    owners: groups.map((g) => g.owners),
    sizeLimits,
    guardItems,
  };
}

const STRENGTH: Record<GuardrailAction, number> = { flag: 1, redact: 2, block: 3 };

function strongestEnforced(owners: readonly RuleOwner[]): GuardrailAction | undefined {
  let best: GuardrailAction | undefined;
  for (const o of owners) if (o.enforce && (!best || STRENGTH[o.action] > STRENGTH[best])) best = o.action;
  return best;
}

function notApplicable(p: CompiledPolicy, key: PlanKey): string | undefined {
  const { policy } = p;
  if (!policy.enabled) return 'disabled';
  if (p.guard) {
    if (p.guard.direction !== 'both' && p.guard.direction !== key.direction)
      return `scans ${p.guard.direction}s only`;
  } else if (key.direction !== 'request') {
    return 'applies to requests only';
  }
  if (!targetMatches(policy.target, key.serverId, key.agentId, key.tool)) {
    return targetMismatch(policy.target, key.serverId, key.agentId, key.tool);
  }
  return undefined;
}

function overriddenBy(loser: CompiledPolicy, winner: CompiledPolicy): string {
  const verb = loser.enforce ? 'overridden' : 'monitor only: would be overridden';
  if (winner.specificity > loser.specificity) {
    return `${verb} by more specific policy '${winner.policy.name}' (${describeTarget(winner.policy.target)})`;
  }
  return `${verb} by higher-priority policy '${winner.policy.name}' (priority ${winner.policy.priority})`;
}

function ruleName(rule: GuardRule): string {
  if (rule.detector) return `detector '${rule.detector}'`;
  if (rule.pattern) return `pattern '${rule.pattern.name}'`;
  return 'size limit';
}

function entry(p: CompiledPolicy, matched: boolean, reason: string): Readonly<ExplanationEntry> {
  const { policy } = p;
  return Object.freeze({
    policyId: policy.id,
    name: policy.name,
    kind: policy.kind,
    mode: policy.mode,
    matched,
    outcome: 'skipped' as const,
    reason,
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

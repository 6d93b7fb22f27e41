// Guardrails: size limits, then one scan of the payload with every winning rule, findings
// attributed to each policy that owns the rule.
import type { EntryOutcome } from '../decision';
import { scanJson } from '../guardrails/scan';
import type { Finding } from '../guardrails/types';
import type { GuardrailAction } from '../model/guardrail';
import type { Plan, ScanPlan } from './plan';

export interface ContentVerdict {
  outcome: Exclude<EntryOutcome, 'skipped'>;
  reason: string;
  findings: Finding[];
}

export interface ContentResult {
  /** By plan item index (set for guard items only). */
  verdicts: Array<ContentVerdict | undefined>;
  /** Set when enforced redactions changed the payload. */
  redacted?: unknown;
  /** Set when a rule found anything: the payload with every finding masked (for records). */
  masked?: unknown;
}

const OUTCOME: Record<GuardrailAction, ContentVerdict['outcome']> = {
  block: 'deny',
  redact: 'redact',
  flag: 'flag',
};
const STRENGTH = { allow: 0, flag: 1, redact: 2, deny: 3 } as const;
const NO_PAYLOAD: ContentVerdict = Object.freeze({
  outcome: 'allow',
  reason: 'no payload to scan',
  findings: [],
}) as ContentVerdict;

export function checkContent(plan: Plan, payload: unknown, payloadBytes: number | undefined): ContentResult {
  const scan = plan.scan!;
  const verdicts: Array<ContentVerdict | undefined> = new Array(plan.items.length);
  if (payload === undefined) {
    for (const i of scan.guardItems) verdicts[i] = { ...NO_PAYLOAD, findings: [] };
    return { verdicts };
  }
  const findings: Finding[][] = new Array(plan.items.length);
  for (const i of scan.guardItems) findings[i] = [];

  // Size first: an oversized payload is refused without being scanned.
  let bytes: number | undefined;
  let oversizeBlocked = false;
  for (const s of scan.sizeLimits) {
    bytes ??= payloadBytes ?? Buffer.byteLength(JSON.stringify(payload) ?? '', 'utf8');
    if (bytes > s.maxBytes) {
      findings[s.item]!.push({
        detector: 'max_bytes',
        label: 'max_bytes',
        path: '$',
        action: 'block',
        hint: `${bytes} > ${s.maxBytes} bytes`,
      });
      if (s.enforce) oversizeBlocked = true;
    }
  }

  let redacted: unknown;
  let masked: unknown;
  if (oversizeBlocked) {
    for (const i of scan.guardItems) {
      if (findings[i]!.length === 0)
        verdicts[i] = {
          outcome: 'allow',
          reason: 'not scanned: the payload is over a size limit',
          findings: [],
        };
    }
  } else if (scan.rules.length > 0) {
    const before = countFindings(findings, scan.guardItems);
    redacted = runScan(scan, payload, findings);
    // Only when something was found: the common clean payload pays for one scan, not two.
    if (countFindings(findings, scan.guardItems) > before) masked = scanJson(payload, scan.maskRules).output;
  }

  for (const i of scan.guardItems) {
    verdicts[i] ??= summarise(findings[i]!, (plan.items[i] as { note?: string }).note ?? '');
  }
  const result: ContentResult = { verdicts };
  if (redacted !== undefined && redacted !== payload) result.redacted = redacted;
  if (masked !== undefined) result.masked = masked;
  return result;
}

function countFindings(findings: Finding[][], items: readonly number[]): number {
  let n = 0;
  for (const i of items) n += findings[i]!.length;
  return n;
}

function runScan(scan: ScanPlan, payload: unknown, findings: Finding[][]): unknown {
  const result = scanJson(payload, scan.rules);
  for (const m of result.matches) {
    for (const owner of scan.owners[m.rule]!) {
      const f: Finding = {
        detector: scan.detectors[m.rule]!,
        label: m.label,
        path: m.path,
        action: owner.action,
        start: m.start,
        end: m.end,
        hint: m.hint,
      };
      if (m.inKey) f.inKey = true;
      findings[owner.item]!.push(f);
    }
  }
  if (result.tooDeep) {
    // Unscanned content must not pass as clean.
    for (const i of scan.guardItems) {
      findings[i]!.push({
        detector: 'max_depth',
        label: 'max_depth',
        path: result.tooDeep.path,
        action: 'block',
        hint: 'nested too deeply to scan',
      });
    }
  }
  return result.output;
}

function summarise(findings: Finding[], note: string): ContentVerdict {
  if (findings.length === 0)
    return { outcome: 'allow', reason: note === '' ? 'no findings' : `no findings${note}`, findings };
  let outcome: ContentVerdict['outcome'] = 'allow';
  const counts = new Map<string, number>();
  for (const f of findings) {
    const o = OUTCOME[f.action];
    if (STRENGTH[o] > STRENGTH[outcome]) outcome = o;
    const what = `${f.detector === 'pattern' ? `pattern '${f.label}'` : f.label} (${f.action})`;
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  const list = [...counts].map(([what, n]) => (n > 1 ? `${n}x ${what}` : what)).join(', ');
  return {
    outcome,
    reason: `${findings.length} finding${findings.length > 1 ? 's' : ''}: ${list}${note}`,
    findings,
  };
}

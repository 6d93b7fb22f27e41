// Shared shapes of the content scanner: raw matches from detectors, findings for explanations.
import type { DetectorType, GuardrailAction } from '../model/guardrail';

/** One match inside one string, before it is attributed to a policy. */
export interface RawMatch {
  /** UTF-16 offsets into the scanned string, end exclusive. */
  start: number;
  end: number;
  /** What exactly was found: 'card', 'aws_access_key_id', 'ignore_previous_instructions', ... */
  label: string;
  /** A short masked hint that never reveals the value, e.g. `…4242`. */
  hint: string;
}

export interface Detector {
  readonly type: DetectorType;
  /** Appends every match in `text` to `out`. `key` is the enclosing property name, a hint for heuristics. */
  find(text: string, out: RawMatch[], key: string | undefined): void;
}

/** The detector ids findings use: the built-in types plus 'pattern' (admin) and the size/depth limits. */
export type FindingDetector = DetectorType | 'pattern' | 'max_bytes' | 'max_depth';

export interface Finding {
  detector: FindingDetector;
  /** Sub-kind (e.g. 'jwt', 'us_ssn') or the admin pattern's name. */
  label: string;
  /** JSONPath of the value, e.g. `$.arguments.customer.email`, `$.content[0].text`. */
  path: string;
  /** True when the match is in a property name rather than a value. */
  inKey?: boolean;
  action: GuardrailAction;
  /** Offsets of the match in the string at `path` (not secret; helps a human find it). */
  start?: number;
  end?: number;
  /** Masked hint; the matched value itself is never reported. */
  hint?: string;
}

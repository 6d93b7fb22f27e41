// The built-in detectors by type, with the shortest text each can possibly match.
import type { DetectorType } from '../../model/guardrail';
import type { Detector } from '../types';
import { cardDetector } from './card';
import { emailDetector } from './email';
import { ibanDetector } from './iban';
import { injectionDetector } from './injection';
import { nationalIdDetector } from './national-id';
import { phoneDetector } from './phone';
import { secretDetector } from './secrets';

export interface DetectorEntry {
  detector: Detector;
  /** Shortest text the detector can match. */
  minLength: number;
  /** It can only match text containing a digit (the scanner checks once per string). */
  requiresDigit: boolean;
}

export const DETECTORS: Readonly<Record<DetectorType, DetectorEntry>> = {
  email: { detector: emailDetector, minLength: 6, requiresDigit: false },
  phone: { detector: phoneDetector, minLength: 9, requiresDigit: true },
  card: { detector: cardDetector, minLength: 13, requiresDigit: true },
  iban: { detector: ibanDetector, minLength: 15, requiresDigit: true },
  national_id: { detector: nationalIdDetector, minLength: 9, requiresDigit: true },
  secret: { detector: secretDetector, minLength: 20, requiresDigit: false },
  prompt_injection: { detector: injectionDetector, minLength: 2, requiresDigit: false },
};

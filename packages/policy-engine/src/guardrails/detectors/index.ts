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

export const DETECTORS: Readonly<Record<DetectorType, { detector: Detector; minLength: number }>> = {
  email: { detector: emailDetector, minLength: 6 },
  phone: { detector: phoneDetector, minLength: 9 },
  card: { detector: cardDetector, minLength: 13 },
  iban: { detector: ibanDetector, minLength: 15 },
  national_id: { detector: nationalIdDetector, minLength: 9 },
  secret: { detector: secretDetector, minLength: 20 },
  prompt_injection: { detector: injectionDetector, minLength: 2 },
};

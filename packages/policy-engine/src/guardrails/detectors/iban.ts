// IBANs: country code, check digits and the country's BBAN length (spaces every four allowed),
// confirmed with the ISO 7064 mod-97 check.
import type { Detector, RawMatch } from '../types';

/** IBAN lengths by country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

const START = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?= ?[A-Z0-9])/g;

export const ibanDetector: Detector = {
  type: 'iban',
  find(text: string, out: RawMatch[]): void {
    START.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = START.exec(text)) !== null) {
      const length = IBAN_LENGTHS[m[0].slice(0, 2)];
      if (length === undefined) continue;
      const end = extract(text, m.index, length);
      if (end < 0) continue;
      const compact = text.slice(m.index, end).replace(/ /g, '');
      if (mod97(compact) === 1) {
        out.push({ start: m.index, end, label: 'iban', hint: `${compact.slice(0, 2)}…${compact.slice(-4)}` });
        START.lastIndex = end;
      }
    }
  },
};

/** End offset of exactly `length` alphanumerics from `from` (single spaces allowed), or -1. */
function extract(text: string, from: number, length: number): number {
  let count = 0;
  let i = from;
  while (i < text.length && count < length) {
    const c = text.charCodeAt(i);
    if (isUpperAlnum(c)) {
      count++;
      i++;
    } else if (c === 32 && count >= 4 && i + 1 < text.length && isUpperAlnum(text.charCodeAt(i + 1))) {
      i++;
    } else {
      break;
    }
  }
  if (count !== length) return -1;
  if (i < text.length && isAlnum(text.charCodeAt(i))) return -1; // part of something longer
  return i;
}

function isUpperAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

function isAlnum(c: number): boolean {
  return isUpperAlnum(c) || (c >= 97 && c <= 122);
}

/** ISO 7064 MOD 97-10 over the rearranged IBAN (first four characters moved to the end). */
export function mod97(iban: string): number {
  const s = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return -1;
  }
  return rem;
}

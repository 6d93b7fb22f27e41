// National identifiers: US Social Security numbers and UK National Insurance numbers.
import type { Detector, RawMatch } from '../types';

// Dashed or spaced (consistently); nine bare digits are too often something else.
const SSN = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w]|-\d)/g;
// Two prefix letters, six digits in pairs, suffix A-D; spacing consistent.
const NINO =
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])( ?)(\d{2})\2(\d{2})\2(\d{2})\2([A-D])(?![A-Za-z0-9])/g;
const NINO_UNALLOCATED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);
const SSN_NEVER_ISSUED = new Set(['078051120', '219099999', '457555462']);

/** SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999; a few famous misuses. */
export function validSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900) return false;
  if (group === '00' || serial === '0000') return false;
  return !SSN_NEVER_ISSUED.has(area + group + serial);
}

export const nationalIdDetector: Detector = {
  type: 'national_id',
  find(text: string, out: RawMatch[]): void {
    let m: RegExpExecArray | null;
    SSN.lastIndex = 0;
    while ((m = SSN.exec(text)) !== null) {
      if (validSsn(m[1]!, m[3]!, m[4]!)) {
        out.push({ start: m.index, end: m.index + m[0].length, label: 'us_ssn', hint: `…${m[4]}` });
      }
    }
    NINO.lastIndex = 0;
    while ((m = NINO.exec(text)) !== null) {
      if (!NINO_UNALLOCATED.has(m[1]!)) {
        out.push({ start: m.index, end: m.index + m[0].length, label: 'uk_nino', hint: `…${m[6]}` });
      }
    }
  },
};

// Payment card numbers: 13-19 digits, optionally grouped by spaces or dashes, with a known
// issuer prefix and a valid Luhn check digit. Both filters matter: Luhn alone passes one
// random number in ten, and JSON is full of long numbers (ids, millisecond timestamps).
import { lastChars } from '../mask';
import type { Detector, RawMatch } from '../types';

// Not inside a longer number, word or decimal; bounded repetition keeps it linear.
const CANDIDATE = /(?<![\w.]|\d[ -])\d(?:[ -]?\d){12,18}(?![\w]|[.,]\d|[ -]\d)/g;

export const cardDetector: Detector = {
  type: 'card',
  find(text: string, out: RawMatch[]): void {
    CANDIDATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CANDIDATE.exec(text)) !== null) {
      const digits = m[0].replace(/[ -]/g, '');
      if (knownIssuer(digits) && luhn(digits)) {
        out.push({ start: m.index, end: m.index + m[0].length, label: 'card', hint: lastChars(digits) });
      }
    }
  },
};

/** Luhn (mod 10) check over a string of digits. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Issuer prefixes and lengths of the major networks (Visa, Mastercard, Amex, Discover, ...). */
export function knownIssuer(d: string): boolean {
  const len = d.length;
  const p2 = Number(d.slice(0, 2));
  const p4 = Number(d.slice(0, 4));
  switch (d[0]) {
    case '4': // Visa
      return len === 13 || len === 16 || len === 19;
    case '5': // Mastercard 51-55; Maestro 50, 56-59
      return p2 >= 51 && p2 <= 55 ? len === 16 : len >= 13;
    case '2': // Mir 2200-2204; Mastercard 2221-2720
      return ((p4 >= 2200 && p4 <= 2204) || (p4 >= 2221 && p4 <= 2720)) && len === 16;
    case '3': // Amex 34/37; Diners 300-305, 36, 38, 39; JCB 3528-3589
      if (p2 === 34 || p2 === 37) return len === 15;
      if (p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3000 && p4 <= 3059)) return len >= 14;
      return p4 >= 3528 && p4 <= 3589 && len >= 16;
    case '6': // Discover, UnionPay, Maestro, RuPay
      return len >= 13;
    default:
      return false;
  }
}

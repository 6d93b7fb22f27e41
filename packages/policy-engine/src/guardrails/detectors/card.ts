// Payment card numbers: 13-19 digits, optionally grouped by spaces or dashes, with a known
// issuer prefix and a valid Luhn check digit. Both filters matter: Luhn alone passes one
// random number in ten, and JSON is full of long numbers (ids, millisecond timestamps).
import { lastChars } from '../mask';
import type { Detector, RawMatch } from '../types';

// Maximal runs of digit groups separated by single spaces or dashes. Greedy, no alternatives,
// and the scan resumes after each run, so every character is looked at a bounded number of times.
const RUN = /\d+(?:[ -]\d+)*/g;

export const cardDetector: Detector = {
  type: 'card',
  find(text: string, out: RawMatch[]): void {
    RUN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = RUN.exec(text)) !== null) {
      if (m[0].length >= 13) findInRun(text, m.index, m[0], out);
    }
  },
};

/**
 * A card is either one group of 13-19 digits, or consecutive groups of 3-6 digits (4-4-4-4,
 * 4-6-5, ...) adding up to 13-19 digits. Trying every start group keeps a card found when
 * other numbers sit next to it ("4111 1111 1111 1111 2 items").
 */
function findInRun(text: string, runStart: number, run: string, out: RawMatch[]): void {
  const groups: Array<{ start: number; end: number }> = [];
  const re = /\d+/g;
  let g: RegExpExecArray | null;
  while ((g = re.exec(run)) !== null)
    groups.push({ start: runStart + g.index, end: runStart + g.index + g[0].length });
  // A first group glued to letters or ending a decimal, and a last group glued to letters or
  // starting a decimal, are parts of other tokens.
  const before = runStart > 0 ? text.charCodeAt(runStart - 1) : 0;
  if (isWordChar(before) || before === 46) groups.shift();
  const after = text.charCodeAt(runStart + run.length);
  if (
    isWordChar(after) ||
    ((after === 46 || after === 44) && isDigit(text.charCodeAt(runStart + run.length + 1)))
  )
    groups.pop();

  for (let i = 0; i < groups.length; i++) {
    const first = groups[i]!;
    const firstLength = first.end - first.start;
    if (firstLength >= 13 && firstLength <= 19) {
      if (report(text, first.start, first.end, out)) continue;
    }
    if (firstLength < 3 || firstLength > 6) continue;
    let digits = 0;
    for (let j = i; j < groups.length; j++) {
      const length = groups[j]!.end - groups[j]!.start;
      if (length < 3 || length > 6) break;
      digits += length;
      if (digits > 19) break;
      if (digits >= 13 && j > i && report(text, first.start, groups[j]!.end, out)) {
        i = j;
        break;
      }
    }
  }
}

function report(text: string, start: number, end: number, out: RawMatch[]): boolean {
  const digits = text.slice(start, end).replace(/[ -]/g, '');
  if (!knownIssuer(digits) || !luhn(digits)) return false;
  out.push({ start, end, label: 'card', hint: lastChars(digits) });
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

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

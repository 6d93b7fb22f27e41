// Phone numbers: E.164-style international numbers, North American and trunk-prefixed
// national formats. A bare run of digits is never a phone number here (ids, amounts,
// timestamps look the same), so national formats need their usual separators.
import { lastChars } from '../mask';
import type { Detector, RawMatch } from '../types';

// Every quantifier is bounded and each alternative starts behind a boundary, so a failed
// attempt costs a constant and the scan is linear in the input.
const PHONE = new RegExp(
  [
    // +<country code> then 7-14 more digits, single separators and optional parentheses.
    String.raw`(?<![\w+])\+[1-9](?:[ .\-]?\(?\d\)?){7,14}(?!\w)`,
    // North America: (415) 555-2671, 415-555-2671, 415.555.2671, 415 555 2671.
    String.raw`(?<![\w+.\-])(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .\-])[2-9]\d{2}[ .\-]\d{4}(?![\w]|[ .\-]\d)`,
    // Trunk prefix 0: 020 7946 0958, 07700 900123, 030-1234567, 01 23 45 67 89.
    String.raw`(?<![\w+.\-])0\d{1,4}(?:[ \-]\d{2,6}){1,4}(?![\w]|[ .\-]\d)`,
  ].join('|'),
  'g',
);

export const phoneDetector: Detector = {
  type: 'phone',
  find(text: string, out: RawMatch[]): void {
    PHONE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PHONE.exec(text)) !== null) {
      const value = m[0];
      const digits = countDigits(value);
      const first = value.charCodeAt(0);
      const ok =
        first === 43 /* + */
          ? digits >= 8 && digits <= 15
          : first === 48 /* 0 */
            ? digits >= 10 && digits <= 12
            : digits === 10;
      if (ok)
        out.push({ start: m.index, end: m.index + value.length, label: 'phone', hint: lastChars(value, 2) });
    }
  },
};

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

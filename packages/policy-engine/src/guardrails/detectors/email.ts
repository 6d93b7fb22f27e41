// E-mail addresses, found by expanding around each '@' (linear: no regex backtracking).
import { maskEmail } from '../mask';
import type { Detector, RawMatch } from '../types';

const LOCAL = charTable("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-'");
const DOMAIN = charTable('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-');

function charTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}

function inTable(t: Uint8Array, code: number): boolean {
  return code < 128 && t[code] === 1;
}

export const emailDetector: Detector = {
  type: 'email',
  find(text: string, out: RawMatch[]): void {
    let at = text.indexOf('@');
    while (at !== -1) {
      let start = at;
      while (start > 0 && inTable(LOCAL, text.charCodeAt(start - 1))) start--;
      while (start < at && (text[start] === '.' || text[start] === "'")) start++;
      let end = at + 1;
      while (end < text.length && inTable(DOMAIN, text.charCodeAt(end))) end++;
      while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
      const localLength = at - start;
      if (localLength > 0 && localLength <= 64 && validDomain(text, at + 1, end)) {
        const value = text.slice(start, end);
        out.push({ start, end, label: 'email', hint: maskEmail(value) });
      }
      at = text.indexOf('@', at + 1);
    }
  },
};

/** Labels of 1-63 letters, digits or hyphens (not at either end), a TLD of 2+ letters. */
function validDomain(text: string, from: number, to: number): boolean {
  if (to - from < 4 || to - from > 253) return false;
  const labels = text.slice(from, to).split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return false;
  }
  return /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1]!);
}
